import Testing

@testable import FlowSpec

@Suite struct DependencyGraphTests {
    static func pythonNode(_ name: String, _ inputs: [String: String], extra: String = "") -> String {
        let body = inputs.sorted { $0.key < $1.key }.map { "    \($0.key): \($0.value)" }.joined(separator: "\n")
        return """
            - name: \(name)
              type: python
              source: {type: code, path: t.py}
              inputs:
            \(body.isEmpty ? "    {}" : body)
            \(extra)
            """
    }

    static func flow(_ nodes: [String]) throws -> TemporaryFlow {
        try TemporaryFlow(files: [
            "flow.dag.yaml": "inputs:\n  q: {type: string}\n  flag: {type: bool, default: true}\nnodes:\n"
                + nodes.joined(separator: "\n") + "\n",
            "t.py": "",
        ])
    }

    @Test func ordersByDependenciesNotYAMLOrder() throws {
        let folder = try Self.flow([
            Self.pythonNode("report", ["a": "${summarize.output}", "b": "${fetch.output.items[0]}"]),
            Self.pythonNode("summarize", ["text": "${fetch}"]),
            Self.pythonNode("fetch", ["query": "${inputs.q}"]),
            Self.pythonNode("independent", ["x": "literal"]),
        ])
        let flow = try folder.load()
        #expect(flow.executionOrder == ["fetch", "summarize", "report", "independent"])
        #expect(flow.node("report")?.dependencies == ["summarize", "fetch"])
    }

    @Test func activateWhenIsADependency() throws {
        let folder = try Self.flow([
            Self.pythonNode("gated", ["x": "${inputs.q}"], extra: "  activate: {when: '${check.output}', is: true}"),
            Self.pythonNode("check", ["x": "${inputs.flag}"]),
        ])
        let flow = try folder.load()
        #expect(flow.executionOrder == ["check", "gated"])
        #expect(flow.node("gated")?.dependencies == ["check"])
    }

    @Test func stableOrderForIndependentNodes() throws {
        let names = ["n5", "n3", "n9", "n1"]
        let flow = try Self.flow(names.map { Self.pythonNode($0, ["x": "${inputs.q}"]) }).load()
        #expect(flow.executionOrder == names)
    }

    @Test func reportsACycleNamingItsNodes() throws {
        let folder = try Self.flow([
            Self.pythonNode("a", ["x": "${b.output}"]),
            Self.pythonNode("b", ["x": "${a.output}"]),
            Self.pythonNode("c", ["x": "${b.output}"]),
        ])
        #expect(
            folder.errors() == [
                "flow.dag.yaml:5:9: nodes 'a' -> 'b' -> 'a' form a cycle; a node cannot depend on its own output"
            ])
    }

    @Test func reportsEveryCycleAndSelfReferences() throws {
        let folder = try Self.flow([
            Self.pythonNode("start", ["x": "${inputs.q}"]),
            Self.pythonNode("x", ["i": "${z.output}"]),
            Self.pythonNode("y", ["i": "${x.output}"]),
            Self.pythonNode("z", ["i": "${y.output}", "s": "${start}"]),
            Self.pythonNode("self", ["i": "${self.output}"]),
        ])
        #expect(
            folder.errors() == [
                "flow.dag.yaml:11:9: nodes 'x' -> 'z' -> 'y' -> 'x' form a cycle; a node cannot depend on its own output",
                "flow.dag.yaml:30:9: nodes 'self' -> 'self' form a cycle; a node cannot depend on its own output",
            ])
    }

    @Test func cycleThroughActivate() throws {
        let folder = try Self.flow([
            Self.pythonNode("a", ["x": "${inputs.q}"], extra: "  activate: {when: '${b.output}', is: 1}"),
            Self.pythonNode("b", ["x": "${a.output}"]),
        ])
        #expect(
            folder.errors() == [
                "flow.dag.yaml:5:9: nodes 'a' -> 'b' -> 'a' form a cycle; a node cannot depend on its own output"
            ])
    }

    @Test func graphAlone() {
        let graph = DependencyGraph(nodes: [("c", ["b"]), ("b", ["a", "unknown"]), ("a", [])])
        #expect(graph.executionOrder == ["a", "b", "c"])
        #expect(graph.cycles.isEmpty)
    }
}
