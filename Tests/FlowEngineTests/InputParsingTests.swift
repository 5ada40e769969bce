import FlowSpec
import Testing

@testable import FlowEngine

/// Flow input parsing (COMPAT §A) and its error messages (COMPAT §C).
@Suite struct InputParsingTests {
    static let inputs = [
        FlowInput(name: "count", type: .int),
        FlowInput(name: "ratio", type: .double, defaultValue: 0.5),
        FlowInput(name: "flag", type: .bool, defaultValue: false),
        FlowInput(name: "items", type: .list, defaultValue: []),
        FlowInput(name: "data", type: .object, defaultValue: [:]),
        FlowInput(name: "text", type: .string, defaultValue: ""),
    ]

    @Test func valuesAreParsedToTheirTypes() throws {
        let parsed = try FlowInputParser.parse(
            ["count": " 12 ", "ratio": 3, "flag": "TRUE", "items": "[1, \"a\"]", "data": "{\"b\": 2, \"a\": 1}",
             "text": 4.0, "extra": 1],
            for: Self.inputs)
        #expect(
            parsed == ["count": 12, "ratio": 3.0, "flag": true, "items": [1, "a"], "data": ["b": 2, "a": 1], "text": "4.0"])
        #expect(parsed["data"]?.objectValue?.keys == ["b", "a"])
    }

    @Test func defaultsApplyAndObjectKeepsNonJSONStrings() throws {
        let parsed = try FlowInputParser.parse(["count": 1, "data": "not json"], for: Self.inputs)
        #expect(parsed == ["count": 1, "ratio": 0.5, "flag": false, "items": [], "data": "not json", "text": ""])
    }

    @Test func strOfStructuredValuesIsPythonRepr() throws {
        let parsed = try FlowInputParser.parse(["count": 1, "text": ["a": [true, nil]]], for: Self.inputs)
        #expect(parsed["text"] == "{'a': [True, None]}")
    }

    @Test(arguments: [
        ("count", FlowValue.string("twelve"), "int"),
        ("count", FlowValue.string("1.5"), "int"),
        ("ratio", FlowValue.list([]), "double"),
        ("flag", FlowValue.string("yes"), "bool"),
        ("flag", FlowValue.int(1), "bool"),
        ("items", FlowValue.object(["a": 1]), "list"),
        ("items", FlowValue.string("{\"a\": 1}"), "list"),
    ])
    func mismatchedTypesNameTheInputAndType(name: String, value: FlowValue, type: String) throws {
        var given: FlowObject = ["count": 1]
        given[name] = value
        #expect {
            _ = try FlowInputParser.parse(given, for: Self.inputs)
        } throws: { error in
            let error = error as? FlowRunError
            return error?.kind == .user
                && error?.message
                    == "The input for flow is incorrect. The value for flow input '\(name)' does not match the "
                    + "expected type '\(type)'. Please change flow input type or adjust the input value in your "
                    + "input data."
        }
    }

    @Test func missingRequiredInputsUsePythonRepr() throws {
        #expect {
            _ = try FlowInputParser.parse(["other": 1, "tags": ["x", "y"]], for: Self.inputs)
        } throws: { error in
            (error as? FlowRunError)?.message
                == "Required input fields ['count'] are missing in request data {'other': 1, 'tags': ['x', 'y']}"
        }
    }

    @Test func pythonReprOfStrings() {
        #expect(PythonRepr.repr("it's") == "\"it's\"")
        #expect(PythonRepr.repr("say \"hi\" it's") == "'say \"hi\" it\\'s'")
        #expect(PythonRepr.repr("tab\tnew\nline\\ é \u{7}") == "'tab\\tnew\\nline\\\\ é \\x07'")
        #expect(PythonRepr.repr([1.0, 1e16, .double(.nan)]) == "[1.0, 1e+16, nan]")
    }
}
