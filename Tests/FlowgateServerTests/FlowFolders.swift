import FlowgateTestSupport
import Foundation

/// Flow folders written by tests into a temp directory: a flow that sleeps (timeouts, queueing), a flow that does
/// not validate, a copy of an example that a test may edit.
enum FlowFolders {
    static func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("flowgate-\(name)-\(UUID().uuidString)")
    }

    /// `seconds` (required) → sleeps that long in a python node (touching `marker` first when given) → `slept`.
    static func napping() throws -> URL {
        try TestFlowFiles.write(
            [
                "flow.dag.yaml": """
                inputs:
                  seconds:
                    type: double
                  marker:
                    type: string
                    default: ""
                outputs:
                  slept:
                    type: double
                    reference: ${nap.output}

                """
                    + TestFlowFiles.pythonNode(
                        "nap", inputs: ["seconds": "${inputs.seconds}", "marker": "${inputs.marker}"]),
                "nap.py": """
                import time
                from promptflow.core import tool


                @tool
                def nap(seconds: float, marker: str = "") -> float:
                    if marker:
                        open(marker, "w").close()
                    time.sleep(seconds)
                    return seconds

                """,
            ], into: temporary("nap"))
    }

    /// A flow whose node input refers to an unknown node (`TestFlowFiles.broken`).
    static func broken() throws -> URL {
        try TestFlowFiles.write(TestFlowFiles.broken, into: temporary("broken"))
    }

    /// A copy of a bundled example that the test may change.
    static func copy(of example: String) throws -> URL {
        let folder = temporary(example)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: PlatformHarness.example(example)), to: folder)
        return folder
    }
}
