import Foundation
import Testing

@Suite("flowgate flow test: the flow's Python environment")
struct FlowTestEnvironmentTests {
    @Test("requirements pip cannot satisfy fail the run with pip's own message and leave no environment behind")
    func unsatisfiableRequirements() throws {
        let dir = try TemporaryDirectory()
        let flow = dir.url.appendingPathComponent("flow")
        try FileManager.default.copyItem(
            at: FlowgateProcess.repositoryRoot.appendingPathComponent("examples/flows/python-only"), to: flow)
        try dir.write("flow/requirements.txt", "--no-index\nflowgate-no-such-package==1.0\n")
        let home = dir.url.appendingPathComponent("home")
        let result = try FlowgateProcess.run(
            ["flow", "test", flow.path], environment: ["FLOWGATE_HOME": home.path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("Error: requirements.txt: "))
        #expect(result.stderr.contains("No matching distribution found for flowgate-no-such-package==1.0"))
        let envs = (try? FileManager.default.contentsOfDirectory(atPath: home.appendingPathComponent("envs").path)) ?? []
        #expect(envs.isEmpty, "left behind: \(envs)")
    }

    @Test("a comment-only requirements file runs on the system interpreter, building nothing")
    func commentOnlyRequirements() throws {
        let dir = try TemporaryDirectory()
        let home = dir.url.appendingPathComponent("home")
        let result = try FlowgateProcess.run(
            ["flow", "test", "examples/flows/python-only", "--inputs", "text=Swift is fast. Swift rocks. Swift wins.", "top_n=1"],
            environment: ["FLOWGATE_HOME": home.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("most frequent: swift (3)"))
        #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("envs").path))
    }
}
