import Testing

@testable import FlowSpec

@Suite struct BindingTests {
    @Test func flowInputReferences() throws {
        #expect(try Binding.parse("${inputs.question}") == .flowInput("question"))
        #expect(try Binding.parse("${flow.question}") == .flowInput("question"))
    }

    @Test func nodeOutputReferences() throws {
        #expect(try Binding.parse("${fetch}") == .nodeOutput(node: "fetch", path: []))
        #expect(try Binding.parse("${fetch.output}") == .nodeOutput(node: "fetch", path: []))
        #expect(try Binding.parse("${fetch.output.a.b}") == .nodeOutput(node: "fetch", path: [.key("a"), .key("b")]))
        #expect(try Binding.parse("${fetch.output[0]}") == .nodeOutput(node: "fetch", path: [.index(0)]))
        #expect(try Binding.parse("${fetch.output['k']}") == .nodeOutput(node: "fetch", path: [.key("k")]))
        #expect(try Binding.parse("${fetch.output[\"k v\"]}") == .nodeOutput(node: "fetch", path: [.key("k v")]))
        #expect(
            try Binding.parse("${fetch.output.a[0]['k'].b[12]}")
                == .nodeOutput(node: "fetch", path: [.key("a"), .index(0), .key("k"), .key("b"), .index(12)]))
        #expect(try Binding.parse("${my-node_2.output}") == .nodeOutput(node: "my-node_2", path: []))
    }

    @Test func variantReferences() throws {
        #expect(try Binding.parse("${summarize.variant_1}") == .nodeVariant(node: "summarize", variant: "variant_1"))
    }

    @Test func literalsStayLiterals() throws {
        #expect(try Binding.parse("hello ${inputs.x}") == .literal("hello ${inputs.x}"))
        #expect(try Binding.parse("${inputs.x} tail") == .literal("${inputs.x} tail"))
        #expect(try Binding.parse("$inputs.x") == .literal("$inputs.x"))
        #expect(try Binding.parse("${inputs.x") == .literal("${inputs.x"))
        #expect(try Binding.parse(42) == .literal(42))
        #expect(try Binding.parse(["a": [1, 2]]) == .literal(["a": [1, 2]]))
        #expect(try Binding.parse(nil) == .literal(nil))
        #expect(try Binding.parse("") == .literal(""))
    }

    @Test(arguments: [
        ("${}", "invalid reference '${}': the reference is empty"),
        ("${inputs.}", "invalid reference '${inputs.}': expected a flow input name after 'inputs.'"),
        ("${flow}", "invalid reference '${flow}': expected '.' and a flow input name after 'flow'"),
        ("${inputs.a.b}", "invalid reference '${inputs.a.b}': a flow input reference cannot go into the value ('.b')"),
        ("${node.}", "invalid reference '${node.}': expected 'output' after 'node.'"),
        ("${node.output.}", "invalid reference '${node.output.}': expected a key after '.'"),
        ("${node.output[x]}", "invalid reference '${node.output[x]}': expected a number or a quoted key inside '[…]'"),
        ("${node.output['k]}", "invalid reference '${node.output['k]}': expected '] to close the key"),
        (
            "${node.variant_1.x}",
            "invalid reference '${node.variant_1.x}': only a node's 'output' can be followed by a path"
        ),
        ("${a b}", "invalid reference '${a b}': expected '.output' after the node name 'a'"),
        ("${a}-${b}", "invalid reference '${a}-${b}': expected '.output' after the node name 'a'"),
        ("${.output}", "invalid reference '${.output}': expected a node name or 'inputs.' at the start"),
    ])
    func badReferenceSyntax(text: String, message: String) {
        #expect(throws: BindingSyntaxError.self) { try Binding.parse(.string(text)) }
        do {
            _ = try Binding.parse(.string(text))
        } catch {
            #expect(error.description == message)
        }
    }
}
