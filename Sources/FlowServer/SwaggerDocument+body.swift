import FlowSpec

extension SwaggerDocument {
    /// The document as `pf flow serve` sends it: Flask's `jsonify` sorts keys (by code point, at every level),
    /// writes `,` and `:` without spaces, escapes non-ASCII as `\uXXXX` and ends with a newline.
    public static func body(_ document: FlowValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(2048)
        writeSorted(document, into: &out)
        out.append(UInt8(ascii: "\n"))
        return out
    }

    static func writeSorted(_ value: FlowValue, into out: inout [UInt8]) {
        switch value {
        case .list(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeSorted(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            let keys = object.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
            for (index, key) in keys.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: FlowValue.jsonString(key, style: .python).utf8)
                out.append(UInt8(ascii: ":"))
                if let item = object[key] { writeSorted(item, into: &out) }
            }
            out.append(UInt8(ascii: "}"))
        default:
            // Scalars carry no separators, so Python's layout is also Flask's (strings ASCII-escaped).
            value.writeJSON(.python, into: &out)
        }
    }
}
