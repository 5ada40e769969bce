import JSONSyntax
import Testing

/// What the scanner refuses, the kind of each error and the byte offset where it was found.
@Suite struct JSONScannerErrorTests {
    typealias Case = (text: String, kind: JSONSyntaxError.Kind, offset: Int)

    static let structure: [Case] = [
        ("", .expectingValue, 0), ("   ", .expectingValue, 3), ("]", .expectingValue, 0),
        ("'a'", .expectingValue, 0), ("+1", .expectingValue, 0), (".5", .expectingValue, 0),
        ("-", .expectingValue, 1), ("-x", .expectingValue, 1), ("[1,]", .expectingValue, 3),
        ("tru", .unexpectedEnd, 0), ("nul", .unexpectedEnd, 0), ("trUe", .invalidLiteral, 0),
        ("[nulL]", .invalidLiteral, 1), ("Nan", .invalidLiteral, 0), ("-Inf", .unexpectedEnd, 1),
        ("{'a': 1}", .expectingPropertyName, 1), ("{\"a\":1,}", .expectingPropertyName, 7),
        ("{1:2}", .expectingPropertyName, 1), ("{\"a\" 1}", .expectingColon, 5),
        ("{\"a\":1 \"b\"}", .expectingCommaOrBrace, 7), ("{\"a\":1", .unterminatedObject, 6),
        ("{", .expectingPropertyName, 1), ("[1 2]", .expectingCommaOrBracket, 3), ("[1", .unterminatedArray, 2),
        ("[", .expectingValue, 1),
    ]

    static let numbers: [Case] = [
        ("01", .extraData, 1), ("-01", .extraData, 2), ("1.", .expectingFractionDigits, 2),
        ("1.e5", .expectingFractionDigits, 2), ("1e", .expectingExponentDigits, 2),
        ("1e+", .expectingExponentDigits, 3), ("[1.]", .expectingFractionDigits, 3), ("1.5x", .extraData, 3),
        ("0x10", .extraData, 1),
    ]

    static let strings: [Case] = [
        ("\"abc", .unterminatedString, 4), ("\"a\\", .unterminatedString, 3),
        ("\"a\\\"", .unterminatedString, 4), ("\"a\\x\"", .invalidEscape, 4), ("\"\\'\"", .invalidEscape, 3),
        ("\"\\u12\"", .invalidUnicodeEscape, 3), ("\"\\u12G4\"", .invalidUnicodeEscape, 5),
        ("\"\\u+abc\"", .invalidUnicodeEscape, 3), ("\"\\ud83d\\uZZZZ\"", .invalidUnicodeEscape, 9),
        ("\"a\u{1}\"", .controlCharacter, 2), ("\"a\nb\"", .controlCharacter, 2), ("\"\\n\t\"", .controlCharacter, 3),
    ]

    @Test(arguments: structure + numbers + strings)
    func refusesWithKindAndOffset(_ refused: Case) {
        #expect(
            Node.error(refused.text) == JSONSyntaxError(refused.kind, offset: refused.offset),
            "\(refused.text.debugDescription)")
    }

    @Test func trailingDataAfterTheValue() {
        #expect(Node.error("[1] 2") == JSONSyntaxError(.extraData, offset: 4))
        #expect(Node.error("{} {}") == JSONSyntaxError(.extraData, offset: 3))
        #expect(Node.error("\"a\"\"b\"") == JSONSyntaxError(.extraData, offset: 3))
        #expect(Node.error("1 \u{0}") == JSONSyntaxError(.extraData, offset: 2))
        #expect(Node.error("  true  ") == nil)
    }

    @Test func strictOptionsRefuseNonFiniteNumbers() {
        #expect(Node.error("NaN", options: .strict) == JSONSyntaxError(.expectingValue, offset: 0))
        #expect(Node.error("[Infinity]", options: .strict) == JSONSyntaxError(.expectingValue, offset: 1))
        #expect(Node.error("-Infinity", options: .strict) == JSONSyntaxError(.expectingValue, offset: 1))
        #expect(Node.error("[1, 1e999]", options: .strict) == JSONSyntaxError(.numberOutOfRange, offset: 4))
        #expect(Node.error("-" + String(repeating: "9", count: 400), options: .strict)?.kind == .numberOutOfRange)
        #expect(Node.error("[NaN, Infinity, -Infinity, 1e999]", options: .python) == nil)
    }

    @Test func nestingBeyondTheLimitIsRefusedAtTheOpeningBracket() {
        let arrays = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(Node.error(arrays) == JSONSyntaxError(.nestedTooDeeply, offset: 512))
        let mixed = String(repeating: #"{"a":["#, count: 257) + String(repeating: "]}", count: 257)
        #expect(Node.error(mixed) == JSONSyntaxError(.nestedTooDeeply, offset: 6 * 256))
        // Far deeper text fails the same way, without running out of stack.
        #expect(Node.error(String(repeating: "[", count: 200_000))?.kind == .nestedTooDeeply)
        let shallow = JSONSyntaxOptions(allowsNonFiniteNumbers: true, maximumDepth: 2)
        #expect(Node.error("[[[]]]", options: shallow) == JSONSyntaxError(.nestedTooDeeply, offset: 2))
    }

    @Test func messagesNameTheProblemAndTheOffset() {
        #expect(Node.error("[1 2]")?.description == "expecting ',' or ']' at offset 3")
        #expect(Node.error("{\"a\" 1}")?.message == "expecting ':'")
        #expect(Node.error("\"\\q\"")?.message == #"invalid \escape"#)
        #expect(Node.error("1 2")?.description == "extra data after the JSON value at offset 2")
        let messages = JSONSyntaxError.Kind.allCases.map { JSONSyntaxError($0, offset: 0).message }
        #expect(Set(messages).count == JSONSyntaxError.Kind.allCases.count)
    }
}
