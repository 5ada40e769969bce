import Foundation
import Testing

@Suite("flowgate flow validate")
struct FlowValidateCommandTests {
    static let examples: [(folder: String, kind: String)] = [
        ("activate-branches", "standard"), ("chat-basic", "chat"), ("eval-accuracy", "evaluation"),
        ("flex-echo", "flex"), ("flex-function", "flex"), ("flex-stream", "flex"), ("prompty-summarize", "prompty"),
        ("python-only", "standard"), ("qa-llm", "standard"), ("variants", "standard"),
    ]

    @Test("every bundled example validates, with its kind", arguments: examples)
    func exampleValidates(folder: String, kind: String) throws {
        let result = try FlowgateProcess.run(["flow", "validate", "examples/flows/\(folder)"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.hasPrefix("examples/flows/\(folder): valid \(kind) flow '\(folder)'"))
        #expect(result.stderr.isEmpty)
    }

    @Test("the examples folder holds exactly the flows this test knows")
    func examplesAreAllListed() throws {
        let folders = try FileManager.default.contentsOfDirectory(
            at: FlowgateProcess.repositoryRoot.appendingPathComponent("examples/flows"),
            includingPropertiesForKeys: [.isDirectoryKey]
        ).filter { (try? $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true }
        #expect(Set(folders.map(\.lastPathComponent)) == Set(Self.examples.map(\.folder)))
    }

    @Test("the summary lists inputs, outputs, nodes in execution order, connections and tools")
    func summaryContents() throws {
        let result = try FlowgateProcess.run(["flow", "validate", "examples/flows/qa-llm"])
        #expect(result.status == 0)
        let expected = """
            examples/flows/qa-llm: valid standard flow 'qa-llm' (flow.dag.yaml)
              inputs:
                question: string = "When was the library founded?"
                context: string = "The city library was founded in 1887 and moved to its current building in 1962."
              outputs:
                answer <- ${clean_answer.output.answer}
                truncated <- ${clean_answer.output.truncated}
              nodes (execution order):
                1. build_context (prompt) build_context.jinja2
                2. answer (llm, chat) answer.jinja2 connection open_ai_connection
                3. clean_answer (python) clean_answer.py
              connections: open_ai_connection
              python tools: clean_answer.py

            """
        #expect(result.stdout == expected)
    }

    @Test("a flex flow without declared inputs says they come from its entry")
    func flexSummaryNamesTheEntrysSignature() throws {
        let result = try FlowgateProcess.run(["flow", "validate", "examples/flows/flex-function"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("  entry: greet:greet\n  inputs: from the entry's signature\n"))
        #expect(result.stdout.contains("  outputs: what the entry returns\n"))
    }

    @Test("several paths: each summary, then a count")
    func severalPaths() throws {
        let result = try FlowgateProcess.run([
            "flow", "validate", "examples/flows/python-only", "examples/flows/chat-basic",
        ])
        #expect(result.status == 0)
        #expect(result.stdout.hasSuffix("\n2 of 2 flows valid\n"))
    }

    @Test("a broken flow prints every problem with file:line:column and exits 1")
    func brokenFlow() throws {
        let dir = try TemporaryDirectory()
        try dir.write(
            "flow.dag.yaml",
            """
            inputs:
              count:
                type: int
                default: abc
            outputs:
              answer:
                type: string
                reference: ${summarize.output}
            nodes:
            - name: summarize
              type: python
              source:
                type: code
                path: missing.py
              inputs:
                text: ${fetch.output}
            - name: summarize
              type: sql
              source:
                type: code
                path: missing.py

            """)
        let result = try FlowgateProcess.run(["flow", "validate", dir.url.path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let expected = """
            \(dir.url.path): 6 problems
              flow.dag.yaml:4:14: input 'count' default "abc" is not a valid int
              flow.dag.yaml:14:11: the source path of node 'summarize' 'missing.py' does not exist in the flow folder
              flow.dag.yaml:16:11: node 'summarize' input 'text' references unknown node 'fetch'
              flow.dag.yaml:17:9: node name 'summarize' is used more than once (first defined at line 10); \
            node names must be unique
              flow.dag.yaml:18:9: node 'summarize' has unknown type 'sql'; expected one of llm, prompt, python, custom_llm
              flow.dag.yaml:21:11: the source path of node 'summarize' 'missing.py' does not exist in the flow folder

            """
        #expect(result.stderr == expected)
    }

    @Test("templates are loaded too: a syntax error or an unsupported construct is a problem with file and line")
    func templateProblems() throws {
        let dir = try TemporaryDirectory()
        let source = FlowgateProcess.repositoryRoot.appendingPathComponent("examples/flows/qa-llm")
        let flow = dir.url.appendingPathComponent("qa-llm")
        try FileManager.default.copyItem(at: source, to: flow)
        try dir.write("qa-llm/answer.jinja2", "system:\nhi\n{% for x in y %}\n{{ x | frobnicate }}\n{% endfor %}\n")
        let result = try FlowgateProcess.run(["flow", "validate", flow.path])
        #expect(result.status == 1)
        #expect(result.stderr == "\(flow.path): 1 problem\n  answer.jinja2:4: UnsupportedConstruct: No filter named 'frobnicate'.\n")
    }

    @Test("a prompty body is checked with lines counted from the top of the file")
    func promptyTemplateProblem() throws {
        let dir = try TemporaryDirectory()
        let source = FlowgateProcess.repositoryRoot.appendingPathComponent("examples/flows/prompty-summarize")
        let flow = dir.url.appendingPathComponent("p")
        try FileManager.default.copyItem(at: source, to: flow)
        let file = flow.appendingPathComponent("summarize.prompty")
        let text = try String(contentsOf: file, encoding: .utf8)
        try (text + "\n{% extends 'base' %}\n").write(to: file, atomically: true, encoding: .utf8)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).count + 1
        let result = try FlowgateProcess.run(["flow", "validate", flow.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("summarize.prompty:\(line): UnsupportedConstruct: "))
    }

    @Test("a path that is not a flow is an error naming the path")
    func notAFlow() throws {
        let dir = try TemporaryDirectory()
        let result = try FlowgateProcess.run(["flow", "validate", dir.url.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains(dir.url.path))
    }

    @Test("no path is a usage error")
    func noPath() throws {
        let result = try FlowgateProcess.run(["flow", "validate"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("Missing expected argument '<paths> ...'"))
    }
}
