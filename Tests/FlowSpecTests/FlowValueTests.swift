import Testing

@testable import FlowSpec

@Suite struct FlowValueTests {
    @Test func objectsKeepOrderButCompareLikeJSON() {
        var object: FlowObject = ["b": 1, "a": 2]
        object["c"] = 3
        #expect(object.keys == ["b", "a", "c"])
        #expect(object.map(\.key) == ["b", "a", "c"])
        #expect(object == ["a": 2, "c": 3, "b": 1])
        #expect(object != ["a": 2, "b": 1])
        object["a"] = nil
        #expect(object.keys == ["b", "c"] && object.count == 2)
        object["b"] = "x"
        #expect(object.keys == ["b", "c"] && object["b"] == "x")
    }

    @Test func valuesAndDescriptions() {
        let value: FlowValue = ["list": [1, 2.5, true, nil, "s\"q"], "empty": [:]]
        #expect(value.description == "{\"list\": [1, 2.5, true, null, \"s\\\"q\"], \"empty\": {}}")
        #expect(FlowValue.int(1) != .double(1))
        #expect(FlowValue.string("x").stringValue == "x" && FlowValue.null.isNull)
    }

    @Test func yamlScalarsResolveToTypedValues() throws {
        let yaml = """
            environment_variables:
              i: 12
              d: 1.5
              b: true
              n: null
              t: ~
              s: "12"
              q: 'true'
              p: plain text
              l: [1, two]
              o: {z: 1, a: 2}
            """
        let flow = try TemporaryFlow(files: ["flow.dag.yaml": yaml]).load()
        #expect(
            flow.environmentVariables == [
                "i": 12, "d": 1.5, "b": true, "n": nil, "t": nil, "s": "12", "q": "true", "p": "plain text",
                "l": [1, "two"],
                "o": ["z": 1, "a": 2],
            ])
        #expect(flow.environmentVariables["o"]?.objectValue?.keys == ["z", "a"])
    }

    @Test func valueTypesAcceptPromptflowSpellings() {
        #expect(ValueType.bool.accepts("False") && ValueType.bool.accepts(true) && !ValueType.bool.accepts(1))
        #expect(ValueType.int.accepts("42") && !ValueType.int.accepts(4.2) && !ValueType.int.accepts("4x"))
        #expect(ValueType.double.accepts(4) && ValueType.double.accepts("4.5"))
        #expect(ValueType.list.accepts("[1, 2]") && !ValueType.list.accepts("{}") && ValueType.list.accepts([]))
        #expect(ValueType.object.accepts("anything") && ValueType.object.accepts(["a": 1]))
        #expect(ValueType.string.accepts(3) && !ValueType.string.accepts([1]))
    }
}
