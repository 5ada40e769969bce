import LLM
import Testing

/// The byte-level JSON parser and writer behind request and response bodies.
@Suite struct JSONValueSerializationTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONValue(parsing: #" {"a": [1, -2.5, 3e2, true, false, null], "b": "x\"y\\z\n\u00e9\ud83d\ude00", "c": {}} "#)
        #expect(
            value
                == .object([
                    "a": .array([.int(1), .double(-2.5), .double(300), .bool(true), .bool(false), .null]),
                    "b": .string("x\"y\\z\né😀"),
                    "c": .object([:]),
                ]))
    }

    @Test func rejectsMalformedText() {
        for text in ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"abc", "1 2", "{\"a\":1,}", "\"\u{01}\"", "-"] {
            #expect(throws: JSONParseError.self, "\(text)") { try JSONValue(parsing: text) }
        }
    }

    @Test func writesCompactSortedEscapedJSON() throws {
        let value: JSONValue = .object([
            "b": .array([.int(1), .double(0.5), .double(2), .null]), "a": .string("q\"\n\t\u{01}é"),
        ])
        #expect(value.jsonString == #"{"a":"q\"\n\t\u0001é","b":[1,0.5,2.0,null]}"#)
        #expect(try JSONValue(parsing: value.jsonString) == value)
    }

    @Test func bigIntegersBecomeDoubles() throws {
        #expect(try JSONValue(parsing: "123456789012345678901234567890") == .double(1.2345678901234568e29))
    }

    @Test func refusesWhatRFC8259Refuses() {
        for text in ["NaN", "Infinity", "-Infinity", "1e999", "01", "1.", "1e", "[1] x"] {
            #expect(throws: JSONParseError.self, "\(text)") { try JSONValue(parsing: text) }
        }
        let error = #expect(throws: JSONParseError.self) { try JSONValue(parsing: "[1, 2 3]") }
        #expect(error?.description == "invalid JSON at byte 6: expecting ',' or ']'")
        #expect(throws: JSONParseError("number out of range", offset: 1)) { try JSONValue(parsing: "[1e999]") }
    }

    @Test func repeatedKeysKeepTheLastValue() throws {
        #expect(try JSONValue(parsing: #"{"a": 1, "a": 2}"#) == .object(["a": .int(2)]))
    }

    @Test func loneSurrogatesBecomeReplacementCharacters() throws {
        #expect(try JSONValue(parsing: #""\ud83d\ud83d\ude00 \ude00""#) == .string("\u{FFFD}😀 \u{FFFD}"))
    }

    @Test func nestingIsLimitedTo512Containers() throws {
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(throws: Never.self) { try JSONValue(parsing: deepest) }
        let tooDeep = "[" + deepest + "]"
        #expect(throws: JSONParseError("JSON nested too deeply", offset: 512)) { try JSONValue(parsing: tooDeep) }
    }
}
