import Jinja
import Testing

/// `JinjaValue(json:)` (template variables from `--vars` and request bodies) through the shared scanner.
@Suite struct JSONParsingTests {
    func message(_ text: String) -> String? {
        do {
            _ = try JinjaValue(json: text)
            return nil
        } catch let error as TemplateError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test func integersOfAnySizeStayIntegers() throws {
        let value = try JinjaValue(json: "[123456789012345678901234567890, -9223372036854775809, 1.5, NaN]")
        let template = try Environment().template(source: "{{ v }} {{ v[0] + 1 }}")
        #expect(
            try template.render(["v": value])
                == "[123456789012345678901234567890, -9223372036854775809, 1.5, nan] 123456789012345678901234567891")
    }

    @Test func repeatedKeysKeepTheirFirstPositionAndLastValue() throws {
        let value = try JinjaValue(json: #"{"b": 1, "a": 2, "b": 3}"#)
        #expect(try Environment().template(source: "{{ v }}").render(["v": value]) == "{'b': 3, 'a': 2}")
    }

    @Test(arguments: [
        ("{\"a\": }", "invalid JSON: expecting a value at offset 6"),
        ("01", "invalid JSON: extra data after the JSON value at offset 1"),
        ("1.", "invalid JSON: expecting digits after '.' at offset 2"),
        ("\"a\nb\"", "invalid JSON: invalid control character in string at offset 2"),
        ("\"\\u+abc\"", "invalid JSON: invalid \\uXXXX escape at offset 3"),
        ("[1,]", "invalid JSON: expecting a value at offset 3"),
    ])
    func errorsAreValueErrorsWithTheOffset(text: String, expected: String) {
        #expect(message(text) == expected)
        #expect(throws: TemplateError.self) { try JinjaValue(json: text) }
    }
}
