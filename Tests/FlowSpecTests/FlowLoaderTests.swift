import Foundation
import Testing

@testable import FlowSpec

@Suite struct FlowLoaderTests {
    @Test func picksTheFlowFileOfAFolder() throws {
        let dag = try TemporaryFlow(files: [
            "flow.dag.yaml": "inputs: {}\n", "flow.flex.yaml": "entry: a:b\n", "x.prompty": "---\n---\n",
        ])
        #expect(try dag.load().kind == .standard)
        let flex = try TemporaryFlow(files: ["flow.flex.yaml": "entry: a:b\n", "x.prompty": "---\n---\n"])
        #expect(try flex.load().kind == .flex)
        let prompty = try TemporaryFlow(files: ["x.prompty": "---\nname: x\n---\nhi\n"])
        #expect(try prompty.load().kind == .prompty)
    }

    @Test func explainsWhatIsMissing() throws {
        let empty = try TemporaryFlow()
        #expect(empty.errors() == ["\(empty.path): the folder has no flow.dag.yaml, flow.flex.yaml or .prompty file"])
        let two = try TemporaryFlow(files: ["a.prompty": "---\n---\n", "b.prompty": "---\n---\n"])
        #expect(
            two.errors() == [
                "\(two.path): the folder holds several .prompty files (a.prompty, b.prompty); pass the one to load"
            ])
        #expect(throws: FlowValidationError.self) { try FlowLoader.load(path: "/nonexistent/flowgate/flow") }
        do {
            _ = try FlowLoader.load(path: "/nonexistent/flowgate/flow")
        } catch {
            #expect(error.description == "/nonexistent/flowgate/flow: no such file or directory")
        }
    }
}
