import FlowSpec
import FlowgateTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Platform

/// Helpers of the run route tests: polling a run until it ends, a python-only flow with two variants of one node,
/// and scoring a live instance in process.
enum RunRoutesFixture {
    /// Polls `GET /runs/{name}` until its status is no longer `Running` (or a minute passed).
    static func pollRun(_ client: some TestClientProtocol, _ name: String) async throws -> FlowValue {
        var run: FlowValue = .null
        let deadline = ContinuousClock.now + .seconds(90)
        while ContinuousClock.now < deadline {
            run = try await client.send(.get, "/runs/\(name)").json
            if let status = run["status"].stringValue, status != "Running" { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        return run
    }

    /// A flow whose node `shout` has two python variants: `variant_0` (default) upper-cases, `variant_1` reverses.
    /// With `sleep`, `variant_0` first sleeps that many seconds; with `gate`, its line with text `wait` waits until
    /// that file exists.
    static func variantFlow(in root: URL, sleep: Int = 0, gate: URL? = nil) throws -> URL {
        let folder = root.appendingPathComponent("variant-flow-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let yaml = """
            inputs:
              text:
                type: string
            outputs:
              answer:
                type: string
                reference: ${shout.output}
            nodes:
            - name: shout
              use_variants: true
            node_variants:
              shout:
                default_variant_id: variant_0
                variants:
                  variant_0:
                    node:
                      type: python
                      source:
                        type: code
                        path: upper.py
                      inputs:
                        text: ${inputs.text}
                  variant_1:
                    node:
                      type: python
                      source:
                        type: code
                        path: backwards.py
                      inputs:
                        text: ${inputs.text}
            """
        let upper = """
            import os
            import time
            from promptflow.core import tool


            @tool
            def upper(text: str) -> str:
                time.sleep(\(sleep))
                while text == "wait" and not os.path.exists(\(gate.map { "\"\($0.path)\"" } ?? "''")):
                    time.sleep(0.05)
                return text.upper()
            """
        let backwards = """
            from promptflow.core import tool


            @tool
            def backwards(text: str) -> str:
                return text[::-1]
            """
        for (name, text) in [("flow.dag.yaml", yaml), ("upper.py", upper), ("backwards.py", backwards)] {
            try Data((text + "\n").utf8).write(to: folder.appendingPathComponent(name))
        }
        return folder
    }

    /// Posts `json` to an instance's `/score` in process: its status and body.
    static func score(_ instance: any ScoringInstance, _ json: String) async throws -> (Int, String) {
        try await TestBodyCollector.statusAndText(
            of: await instance.score(.testScore(json: json), requestID: UUID().uuidString))
    }
}
