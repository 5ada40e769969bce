import FlowgateTestSupport
import Foundation
import Testing

/// `flowgate flow serve` through the built binary: ready banner, scoring over HTTP, environment variables,
/// SIGTERM shutdown, and the errors for a taken port and a flow that does not validate.
@Suite struct FlowServeCommandTests {
    @Test func servesAnExampleAndStopsOnSIGTERM() async throws {
        let server = FlowServeProcess(["examples/flows/python-only", "--port", "0", "--workers", "1"])
        try server.start()
        #expect(server.stdout.contains("Serving flow 'python-only' at http://127.0.0.1:"))
        #expect(
            server.stdout.contains("curl -s \(server.url)/score -H 'Content-Type: application/json' -d '{\"text\": "))
        let (status, body, response) = try await server.score(
            #"{"text": "One fish. Two fish.", "top_n": 1}"#, headers: ["x-request-id": "cli-1"])
        #expect(status == 200)
        #expect(body.contains(#""report":"4 words, 2 sentences"#))
        #expect(response.value(forHTTPHeaderField: "x-request-id") == "cli-1")
        let (exit, stderr) = server.stop()
        #expect(exit == 0)
        #expect(stderr.contains("request_id=cli-1"))
        #expect(!stderr.contains("One fish"))
    }

    @Test func flowEnvironmentVariablesFillOnlyWhatIsUnsetAndOverridesWin() async throws {
        let folder = try TemporaryDirectory()
        try folder.write(
            "flow.dag.yaml",
            """
            environment_variables:
              FG_SERVE_A: from-flow
              FG_SERVE_B: [1, 2, 3]
              FG_SERVE_C: {a: 1, b: two}
              FG_SERVE_D: 5
            inputs:
              names:
                type: list
            outputs:
              values:
                type: list
                reference: ${read.output}

            """ + TestFlowFiles.pythonNode("read", inputs: ["names": "${inputs.names}"]))
        try folder.write(
            "read.py",
            """
            import os
            from promptflow.core import tool

            @tool
            def read(names: list) -> list:
                return [os.environ.get(name) for name in names]
            """)
        let server = FlowServeProcess(
            [folder.url.path, "--port", "0", "--workers", "1", "--environment-variables", "FG_SERVE_D=override"],
            environment: ["FG_SERVE_A": "from-process"])
        try server.start()
        let (status, body, _) = try await server.score(
            #"{"names": ["FG_SERVE_A", "FG_SERVE_B", "FG_SERVE_C", "FG_SERVE_D"]}"#)
        _ = server.stop()
        #expect(status == 200)
        #expect(body == #"{"values":["from-process","[1, 2, 3]","{\"a\": 1, \"b\": \"two\"}","override"]}"# + "\n")
    }

    @Test func takenPortIsAClearError() async throws {
        let first = FlowServeProcess(["examples/flows/python-only", "--port", "0", "--workers", "1"])
        try first.start()
        defer { _ = first.stop() }
        let port = try #require(first.url.split(separator: ":").last.map(String.init))
        let second = try FlowgateProcess.run(["flow", "serve", "examples/flows/python-only", "--port", port])
        #expect(second.status == 1)
        #expect(second.stderr.contains("Port \(port) on 127.0.0.1 is already in use"))
    }

    @Test func flowThatDoesNotValidateIsRefused() throws {
        let folder = try TemporaryDirectory()
        try folder.write(
            "flow.dag.yaml",
            "inputs:\n  x:\n    type: int\noutputs:\n  y:\n    reference: ${missing.output}\nnodes: []\n")
        let result = try FlowgateProcess.run(["flow", "serve", folder.url.path, "--port", "0"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("missing"))
        #expect(result.stdout.isEmpty)
    }
}
