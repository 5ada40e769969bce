import JSONSyntax

/// Reading and writing JSON text as `FlowValue`s, once per request body, without Foundation's coders.
/// The reader keeps object key order and tells integers from doubles; the writer matches Python's `json.dumps`.
extension FlowValue {
    /// How `json(_:)` lays out the text.
    public enum JSONStyle: Sendable {
        /// Python's `json.dumps` defaults: `", "` and `": "` separators, non-ASCII as `\uXXXX`.
        case python
        /// No spaces after separators, UTF-8 kept as it is.
        case compact
        /// Flask's `jsonify`, as `pf flow serve` answers: no spaces after separators, object keys sorted by code
        /// point at every level, non-ASCII as `\uXXXX` (surrogate pairs above U+FFFF), and a document ends with `\n`.
        /// `json(_:)` and `writeJSON(_:into:)` add that newline; `jsonString(_:style:)` does not.
        case flask
    }

    /// A problem in JSON text, with the byte offset where it was found.
    public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var offset: Int
        public var description: String { "\(message) at offset \(offset)" }
    }

    /// Parses JSON text (also Python's `NaN`, `Infinity`, `-Infinity`); integers beyond 64 bits become doubles.
    public init(json text: String) throws(JSONError) {
        do throws(JSONSyntaxError) {
            self = try JSONScanner<FlowValueJSONBuilder>.parse(text, options: .python)
        } catch {
            throw JSONError(message: error.message, offset: error.offset)
        }
    }

    /// Parses JSON bytes.
    public init(jsonBytes bytes: [UInt8]) throws(JSONError) {
        do throws(JSONSyntaxError) {
            self = try JSONScanner<FlowValueJSONBuilder>.parse(bytes, options: .python)
        } catch {
            throw JSONError(message: error.message, offset: error.offset)
        }
    }

    /// The JSON text of this value (`NaN` and `Infinity` are written as Python writes them).
    public func json(_ style: JSONStyle = .python) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        JSONWriter(style: style).writeDocument(self, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The JSON text as UTF-8 bytes, appended to `out`.
    public func writeJSON(_ style: JSONStyle = .python, into out: inout [UInt8]) {
        JSONWriter(style: style).writeDocument(self, into: &out)
    }

    /// A JSON string literal for `text`, as `json.dumps` writes it in `style`.
    public static func jsonString(_ text: String, style: JSONStyle = .python) -> String {
        var out: [UInt8] = []
        JSONWriter(style: style).writeString(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
