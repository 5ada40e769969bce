/// Why text is not JSON, with the byte offset (from the start of the UTF-8 text) where the scanner stopped.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong.
    public enum Kind: Sendable, Equatable, CaseIterable {
        /// The text ended inside a literal such as `tru`.
        case unexpectedEnd
        /// No value starts here (also: empty text, `-` without digits, a non-finite literal when not allowed).
        case expectingValue
        /// A word that starts like `true`, `false`, `null`, `NaN` or `Infinity` but is not one.
        case invalidLiteral
        /// An object member that does not start with a string key.
        case expectingPropertyName
        /// A key without `:` after it.
        case expectingColon
        /// Something other than `,` or `}` after an object member.
        case expectingCommaOrBrace
        /// Something other than `,` or `]` after an array element.
        case expectingCommaOrBracket
        /// The text ended inside an object.
        case unterminatedObject
        /// The text ended inside an array.
        case unterminatedArray
        /// The text ended inside a string.
        case unterminatedString
        /// A backslash followed by a character that is not an escape.
        case invalidEscape
        /// `\u` not followed by four hex digits.
        case invalidUnicodeEscape
        /// A raw control character (below U+0020) inside a string.
        case controlCharacter
        /// A `.` without digits after it.
        case expectingFractionDigits
        /// An `e` or `E` without digits after it.
        case expectingExponentDigits
        /// A number beyond `Double`'s range when non-finite numbers are not allowed.
        case numberOutOfRange
        /// More nested containers than `JSONSyntaxOptions.maximumDepth`.
        case nestedTooDeeply
        /// Anything but whitespace after the document's value.
        case extraData
    }

    /// What was wrong.
    public var kind: Kind
    /// The byte offset where it was found.
    public var offset: Int

    /// An error of `kind` at `offset`.
    public init(_ kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    /// The problem in a few words, without the offset (`expecting ',' or ']'`).
    public var message: String {
        switch kind {
        case .unexpectedEnd: "unexpected end of JSON"
        case .expectingValue: "expecting a value"
        case .invalidLiteral: "invalid literal"
        case .expectingPropertyName: "expecting a property name enclosed in double quotes"
        case .expectingColon: "expecting ':'"
        case .expectingCommaOrBrace: "expecting ',' or '}'"
        case .expectingCommaOrBracket: "expecting ',' or ']'"
        case .unterminatedObject: "unterminated object"
        case .unterminatedArray: "unterminated array"
        case .unterminatedString: "unterminated string"
        case .invalidEscape: "invalid \\escape"
        case .invalidUnicodeEscape: "invalid \\uXXXX escape"
        case .controlCharacter: "invalid control character in string"
        case .expectingFractionDigits: "expecting digits after '.'"
        case .expectingExponentDigits: "expecting digits in the exponent"
        case .numberOutOfRange: "number out of range"
        case .nestedTooDeeply: "JSON nested too deeply"
        case .extraData: "extra data after the JSON value"
        }
    }

    /// `message at offset N`.
    public var description: String { "\(message) at offset \(offset)" }
}
