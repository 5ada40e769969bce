import JSONSyntax
import Testing

/// What the scanner reads: literals, numbers, strings, containers, whitespace, through a builder that records all.
@Suite struct JSONScannerValueTests {
    @Test func readsLiteralsAndContainersWithWhitespace() throws {
        let value = try Node.parse(" \t\r\n{\"a\" : [ true , false , null ] ,\"b\":{ },\"c\":[]}\n ")
        #expect(value.description == #"{"a":[true,false,null],"b":{},"c":[]}"#)
    }

    @Test func objectMembersArriveInDocumentOrderIncludingRepeatedKeys() throws {
        let value = try Node.parse(#"{"z": 1, "a": 2, "z": 3}"#)
        #expect(value.description == #"{"z":i1,"a":i2,"z":i3}"#)
    }

    @Test(arguments: [
        ("0", "i0"), ("-0", "i0"), ("42", "i42"), ("-17", "i-17"),
        ("9223372036854775807", "i9223372036854775807"), ("-9223372036854775808", "i-9223372036854775808"),
        ("1.5", "d1.5"), ("-0.0", "d-0.0"), ("1e2", "d100.0"), ("1E+2", "d100.0"), ("1.5e-3", "d0.0015"),
        ("0.1", "d0.1"), ("2.0", "d2.0"),
    ])
    func readsNumbers(text: String, expected: String) throws {
        #expect(try Node.parse(text).description == expected)
    }

    @Test func integersBeyondIntBecomeDoublesUnlessTheBuilderKeepsThem() throws {
        #expect(try Node.parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try Node.parse("-9223372036854775809") == .double(-9_223_372_036_854_775_808))
        #expect(try Node.parse("123456789012345678901234567890") == .double(1.2345678901234568e29))
        let kept = try Node.parse("[-123456789012345678901234567890, 7]", builder: BigIntegerNodeBuilder.self)
        #expect(kept == .list([.big("-123456789012345678901234567890"), .int(7)]))
        // Only integers go to the hook; a fraction or exponent is a double whatever its size.
        #expect(try Node.parse("1e30", builder: BigIntegerNodeBuilder.self) == .double(1e30))
    }

    @Test func nonFiniteNumbersWhenAllowed() throws {
        #expect(try Node.parse("[NaN, Infinity, -Infinity]").description == "[dnan,dinf,d-inf]")
        #expect(try Node.parse("1e999") == .double(.infinity))
        #expect(try Node.parse("-1e999") == .double(-.infinity))
        #expect(try Node.parse("1" + String(repeating: "0", count: 400)) == .double(.infinity))
        #expect(try Node.parse("1e-999", options: .strict) == .double(0))
    }

    @Test func decodesEveryEscape() throws {
        #expect(try Node.parse(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{8}\u{C}\n\r\t"))
        #expect(try Node.parse(#""caf\u00e9 \u00E9 \u2603 \u0041""#) == .string("café é ☃ A"))
        #expect(try Node.parse(#""a\u0000b""#) == .string("a\u{0}b"))
    }

    @Test func keepsRawUTF8AndRepairsInvalidBytes() throws {
        #expect(try Node.parse("\"é😀 ☃\"") == .string("é😀 ☃"))
        let bytes: [UInt8] = [0x22, 0x61, 0xFF, 0x62, 0x22]
        #expect(try JSONScanner<NodeBuilder>.parse(bytes, options: .python) == .string("a\u{FFFD}b"))
    }

    @Test func surrogatePairsJoinAndLoneSurrogatesBecomeReplacementCharacters() throws {
        #expect(try Node.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try Node.parse(#""\uD83D\uDE00x""#) == .string("😀x"))
        // A high surrogate at the end, before a plain character, or before an escape that is not a low one.
        #expect(try Node.parse(#""\ud83d""#) == .string("\u{FFFD}"))
        #expect(try Node.parse(#""\ud83dx""#) == .string("\u{FFFD}x"))
        #expect(try Node.parse(#""\ud83d\n""#) == .string("\u{FFFD}\n"))
        #expect(try Node.parse(#""\ud83d\u0041""#) == .string("\u{FFFD}A"))
        // The escape after an unpaired high surrogate is read on its own, so it can start a pair itself.
        #expect(try Node.parse(#""\ud83d\ud83d\ude00""#) == .string("\u{FFFD}😀"))
        // A low surrogate first, and a pair in the wrong order.
        #expect(try Node.parse(#""\ude00""#) == .string("\u{FFFD}"))
        #expect(try Node.parse(#""\ude00\ud83d""#) == .string("\u{FFFD}\u{FFFD}"))
    }

    @Test func bytesTextAndBufferReadTheSame() throws {
        let text = #"{"k": [1, 2.5, "\u00e9"]}"#
        let bytes = Array(text.utf8)
        let fromBuffer = try bytes.withUnsafeBufferPointer { buffer in
            try JSONScanner<NodeBuilder>.parse(buffer, options: .python)
        }
        #expect(try JSONScanner<NodeBuilder>.parse(bytes, options: .python) == fromBuffer)
        #expect(try Node.parse(text) == fromBuffer)
        #expect(fromBuffer.description == #"{"k":[i1,d2.5,s"é"]}"#)
    }

    @Test func nestingUpToTheLimitReads() throws {
        let arrays = String(repeating: "[", count: 512) + "0" + String(repeating: "]", count: 512)
        #expect(throws: Never.self) { try Node.parse(arrays) }
        let objects = String(repeating: #"{"a":"#, count: 512) + "1" + String(repeating: "}", count: 512)
        #expect(throws: Never.self) { try Node.parse(objects) }
        let shallow = JSONSyntaxOptions(allowsNonFiniteNumbers: false, maximumDepth: 2)
        #expect(try Node.parse("[{}]", options: shallow).description == "[{}]")
    }
}
