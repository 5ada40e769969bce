import FlowSpec
import Foundation
import Testing

/// FlowValue's JSON reader and writer (Python `json.dumps` layout and compact).
@Suite struct FlowValueJSONTests {
    @Test func readerKeepsKeyOrderAndNumberKinds() throws {
        let value = try FlowValue(json: #" {"z": 1, "a": [1.0, 2, -3e2, 1.5E-3], "m": {"y": null, "b": true}} "#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
        #expect(value == ["z": 1, "a": [1.0, 2, -300.0, 0.0015], "m": ["y": nil, "b": true]])
        #expect(value.objectValue?["a"]?.listValue?[0] == .double(1.0))
        #expect(value.objectValue?["a"]?.listValue?[1] == .int(2))
    }

    @Test func readerDecodesEscapesAndSurrogates() throws {
        #expect(try FlowValue(json: #""a\"\\\/\n\u00e9\ud83d\ude00""#) == .string("a\"\\/\né😀"))
        #expect(try FlowValue(json: "NaN").description == "nan")
        #expect(try FlowValue(json: "12345678901234567890") == .double(12345678901234567168))
    }

    @Test(arguments: ["", "[1,]", "{\"a\" 1}", "tru", "\"abc", "01", "[1] 2", "{'a': 1}", "\"\u{1}\""])
    func readerRejectsInvalidJSON(text: String) {
        #expect(throws: FlowValue.JSONError.self) { try FlowValue(json: text) }
    }

    @Test func pythonStyleMatchesJsonDumps() {
        let value: FlowValue = ["b": [1, 2.5, "é😀\n\"\u{7f}"], "a": nil, "c": ["x": 1e-7]]
        // python3 -c 'import json; print(json.dumps({"b": [1, 2.5, "é😀\n\"\x7f"], "a": None, "c": {"x": 1e-07}}))'
        #expect(value.json() == #"{"b": [1, 2.5, "\u00e9\ud83d\ude00\n\"\u007f"], "a": null, "c": {"x": 1e-07}}"#)
        #expect(FlowValue.double(1e16).json() == "1e+16")
        #expect(FlowValue.double(100).json() == "100.0")
        #expect(FlowValue.double(.infinity).json() == "Infinity")
    }

    @Test func compactStyleKeepsUTF8() {
        let value: FlowValue = ["k": ["é", 1, "\u{1}"]]
        #expect(value.json(.compact) == "{\"k\":[\"é\",1,\"\\u0001\"]}")
    }

    @Test func roundTrip() throws {
        let value: FlowValue = ["list": [1, -2, 3.25, "x", nil, false, [:], []], "nested": ["deep": ["deeper": "ü"]]]
        #expect(try FlowValue(json: value.json()) == value)
        #expect(try FlowValue(json: value.json(.compact)) == value)
    }
}
