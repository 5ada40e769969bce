import Foundation

/// Flow folders written by tests into a temp directory: a flow that sleeps (timeouts, queueing), a flow that does
/// not validate, a copy of an example that a test may edit.
enum FlowFolders {
    static func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("flowgate-\(name)-\(UUID().uuidString)")
    }

    /// `seconds` (required) → sleeps that long in a python node (touching `marker` first when given) → `slept`.
    static func napping() throws -> URL {
        let folder = temporary("nap")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
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
        nodes:
        - name: nap
          type: python
          source:
            type: code
            path: nap.py
          inputs:
            seconds: ${inputs.seconds}
            marker: ${inputs.marker}

        """.write(to: folder.appendingPathComponent("flow.dag.yaml"), atomically: true, encoding: .utf8)
        try """
        import time
        from promptflow.core import tool


        @tool
        def nap(seconds: float, marker: str = "") -> float:
            if marker:
                open(marker, "w").close()
            time.sleep(seconds)
            return seconds

        """.write(to: folder.appendingPathComponent("nap.py"), atomically: true, encoding: .utf8)
        return folder
    }

    /// A flow whose YAML names a node input that refers to an unknown node (line 9).
    static func broken() throws -> URL {
        let folder = temporary("broken")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
        inputs:
          text:
            type: string
        outputs:
          out:
            type: string
            reference: ${echo.output}
        nodes:
        - name: echo
          type: python
          source:
            type: code
            path: echo.py
          inputs:
            text: ${nowhere.output}

        """.write(to: folder.appendingPathComponent("flow.dag.yaml"), atomically: true, encoding: .utf8)
        try "from promptflow.core import tool\n\n\n@tool\ndef echo(text: str) -> str:\n    return text\n"
            .write(to: folder.appendingPathComponent("echo.py"), atomically: true, encoding: .utf8)
        return folder
    }

    /// A copy of a bundled example that the test may change.
    static func copy(of example: String) throws -> URL {
        let folder = temporary(example)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: PlatformHarness.example(example)), to: folder)
        return folder
    }
}
