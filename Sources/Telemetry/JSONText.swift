/// A minimal JSON writer with a fixed key order, so /traces and OTLP payloads are byte-for-byte
/// predictable (JSONSerialization orders keys arbitrarily and is slower).
struct JSONText {
    private(set) var text = ""
    private var needsComma = [false]

    mutating func beginObject() { value("{"); needsComma.append(false) }
    mutating func endObject() { needsComma.removeLast(); text += "}" }
    mutating func beginArray() { value("["); needsComma.append(false) }
    mutating func endArray() { needsComma.removeLast(); text += "]" }

    /// Writes `"key":`; the next value call writes its value.
    mutating func key(_ name: String) {
        separate()
        JSONText.appendString(name, to: &text)
        text += ":"
        pendingKey = true
    }

    mutating func string(_ value: String) {
        separate()
        JSONText.appendString(value, to: &text)
    }

    mutating func int<T: BinaryInteger>(_ value: T) { self.value(String(value)) }
    mutating func bool(_ value: Bool) { self.value(value ? "true" : "false") }
    mutating func null() { value("null") }

    mutating func double(_ value: Double) {
        if value.isFinite {
            self.value(value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value))
        } else {
            self.value("null")
        }
    }

    mutating func field(_ name: String, _ value: String?) {
        key(name)
        if let value { string(value) } else { null() }
    }

    mutating func field<T: BinaryInteger>(_ name: String, _ value: T?) {
        key(name)
        if let value { int(value) } else { null() }
    }

    private var pendingKey = false

    private mutating func value(_ raw: String) {
        separate()
        text += raw
    }

    private mutating func separate() {
        if pendingKey {
            pendingKey = false
        } else if needsComma[needsComma.count - 1] {
            text += ","
        }
        needsComma[needsComma.count - 1] = true
    }

    static func appendString(_ value: String, to text: inout String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case let control where control.value < 0x20:
                let digits = String(control.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
            default:
                text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
