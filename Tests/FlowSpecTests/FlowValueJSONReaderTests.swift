import Testing

@testable import FlowSpec

/// `FlowValue(json:)` through the shared scanner: Python's rules for keys and numbers, and error texts that the
/// flow-input error and the management API show (`… at offset N`).
@Suite struct FlowValueJSONReaderTests {
    @Test func repeatedKeysKeepTheirFirstPositionAndLastValue() throws {
        let value = try FlowValue(json: #"{"b": 1, "a": 2, "b": 3}"#)
        #expect(value.objectValue?.keys == ["b", "a"])
        #expect(value == ["b": 3, "a": 2])
    }

    @Test func pythonNumbers() throws {
        let bytes = Array("[Infinity, -Infinity, 1e999, -0]".utf8)
        #expect(try FlowValue(jsonBytes: bytes).json() == "[Infinity, -Infinity, Infinity, 0]")
        #expect(try FlowValue(json: "-9223372036854775808") == .int(.min))
        #expect(try FlowValue(json: "9223372036854775808") == .double(9_223_372_036_854_775_808))
    }

    @Test func loneSurrogatesBecomeReplacementCharacters() throws {
        let value = try FlowValue(json: #""\ud83d \ude00 \ud83d\ud83d\ude00""#)
        #expect(value == .string("\u{FFFD} \u{FFFD} \u{FFFD}😀"))
    }

    @Test(arguments: [
        ("[1 2]", "expecting ',' or ']' at offset 3"),
        ("{\"a\" 1}", "expecting ':' at offset 5"),
        ("{'a': 1}", "expecting a property name enclosed in double quotes at offset 1"),
        ("", "expecting a value at offset 0"),
        ("tru", "unexpected end of JSON at offset 0"),
        ("01", "extra data after the JSON value at offset 1"),
        ("1.", "expecting digits after '.' at offset 2"),
        ("\"a\u{1}\"", "invalid control character in string at offset 2"),
        ("\"\\x\"", "invalid \\escape at offset 3"),
        ("[1", "unterminated array at offset 2"),
    ])
    func errorTextsNameTheProblemAndOffset(text: String, expected: String) {
        let error = #expect(throws: FlowValue.JSONError.self) { try FlowValue(json: text) }
        #expect(error?.description == expected)
    }

    @Test func nestingIsLimitedTo512Containers() throws {
        let deepest = String(repeating: "[", count: 512) + "1" + String(repeating: "]", count: 512)
        #expect(try FlowValue(json: deepest) != .null)
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(throws: FlowValue.JSONError(message: "JSON nested too deeply", offset: 512)) {
            try FlowValue(json: tooDeep)
        }
    }
}
