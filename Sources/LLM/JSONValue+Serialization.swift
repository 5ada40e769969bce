import JSONSyntax

/// JSON text in and out of `JSONValue` without Foundation's coders: request bodies are written
/// once into a byte array and response bodies parsed once from the bytes that arrived.
extension JSONValue {
    /// Parses one JSON document (RFC 8259) from UTF-8 bytes; surrounding whitespace is allowed.
    public init(parsing bytes: some Collection<UInt8>) throws(JSONParseError) {
        do throws(JSONSyntaxError) {
            self = try JSONScanner<JSONValueBuilder>.parse(Array(bytes), options: .strict)
        } catch {
            throw JSONParseError(error.message, offset: error.offset)
        }
    }

    /// Parses one JSON document from a string.
    public init(parsing text: String) throws(JSONParseError) {
        do throws(JSONSyntaxError) {
            self = try JSONScanner<JSONValueBuilder>.parse(text, options: .strict)
        } catch {
            throw JSONParseError(error.message, offset: error.offset)
        }
    }

    /// The value as compact JSON in UTF-8; object members sorted by key so output is stable.
    public var jsonBytes: [UInt8] {
        var writer = JSONWriter()
        writer.write(self)
        return writer.bytes
    }

    /// The value as compact JSON text.
    public var jsonString: String { String(decoding: jsonBytes, as: UTF8.self) }

    /// True for the values promptflow treats as "not given": null, "", [] and {}.
    public var isEmptyParameter: Bool {
        switch self {
        case .null: return true
        case .string(let s): return s.isEmpty
        case .array(let a): return a.isEmpty
        case .object(let o): return o.isEmpty
        case .bool, .int, .double: return false
        }
    }

    /// The array payload, else nil.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// A number as `Double` (ints widen), else nil.
    public var doubleValue: Double? {
        switch self {
        case .double(let d): return d
        case .int(let i): return Double(i)
        default: return nil
        }
    }

    /// An integer (or an integral double), else nil.
    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9.0e18: return Int(d)
        default: return nil
        }
    }
}
