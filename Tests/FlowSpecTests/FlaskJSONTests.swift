import Testing

@testable import FlowSpec

/// `FlowValue.JSONStyle.flask` against bytes Flask 3.1's `jsonify` wrote for the same values (promptflow 1.18.5's venv).
@Suite struct FlaskJSONTests {
    func bytes(_ value: FlowValue) -> [UInt8] {
        var out: [UInt8] = []
        value.writeJSON(.flask, into: &out)
        return out
    }

    @Test func keysAreSortedByCodePointAtEveryLevel() {
        let value: FlowValue = [
            "b": ["z": 1, "a": [["y": true, "x": nil]]],
            "a": "x", "\u{1F600}": 1, "\u{FF21}": 2, "e\u{301}f": 3, "\u{E9}": 4, "Z": 5, "_": 6,
        ]
        let expected =
            #"{"Z":5,"_":6,"a":"x","b":{"a":[{"x":null,"y":true}],"z":1},"e\u0301f":3,"\u00e9":4,"\uff21":2,"\ud83d\ude00":1}"#
            + "\n"
        #expect(bytes(value) == Array(expected.utf8))
        #expect(value.json(.flask) == expected)
    }

    @Test func nonASCIIAndEmojiAreEscapedWithSurrogatePairs() {
        let value: FlowValue = ["out": "got: caf\u{E9} \u{2603} \u{1F600}"]
        #expect(value.json(.flask) == #"{"out":"got: caf\u00e9 \u2603 \ud83d\ude00"}"# + "\n")
        #expect(FlowValue.jsonString("\u{E9}\u{1F600}", style: .flask) == #""\u00e9\ud83d\ude00""#)
    }

    @Test func controlCharactersAndDeleteAreEscaped() {
        let value: FlowValue = .string("\u{0}\u{1}\u{1F}\u{7F}\n\t\r\u{8}\u{C}\"\\/")
        #expect(value.json(.flask) == #""\u0000\u0001\u001f\u007f\n\t\r\b\f\"\\/""# + "\n")
        #expect(value.json(.python) == #""\u0000\u0001\u001f\u007f\n\t\r\b\f\"\\/""#)
    }

    @Test func scalarsAreWrittenAsPythonWritesThem() {
        let value: FlowValue = [
            "f": [1.0, 0.1, 1e16, 1e-7, -0.0, 123456789.125, .double(.nan), .double(.infinity), .double(-.infinity)],
            "i": [0, -7, .int(Int.max)], "b": [true, false], "n": nil, "o": [:], "one": ["k": []],
        ]
        let expected =
            #"{"b":[true,false],"f":[1.0,0.1,1e+16,1e-07,-0.0,123456789.125,NaN,Infinity,-Infinity],"#
            + #""i":[0,-7,9223372036854775807],"n":null,"o":{},"one":{"k":[]}}"# + "\n"
        #expect(value.json(.flask) == expected)
        #expect(FlowValue.int(3).json(.flask) == "3\n")
        #expect(FlowValue.null.json(.flask) == "null\n")
    }

    @Test func otherStylesKeepInsertionOrderAndNoNewline() {
        let value: FlowValue = ["b": 1, "a": "\u{E9}"]
        #expect(value.json(.compact) == "{\"b\":1,\"a\":\"\u{E9}\"}")
        #expect(value.json(.python) == #"{"b": 1, "a": "\u00e9"}"#)
    }
}
