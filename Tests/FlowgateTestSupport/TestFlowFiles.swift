import Foundation

/// Test support only: flow folder text that several test targets write, so a test names the flow it needs instead
/// of repeating its YAML, and the files that write a folder from a `[file name: text]` table.
public enum TestFlowFiles {
    /// The `nodes:` section of a one-node python flow: node `name` runs `name.py` with `inputs` (input name and the
    /// reference or value it gets, in order).
    public static func pythonNode(_ name: String, inputs: KeyValuePairs<String, String>) -> String {
        "nodes:\n" + pythonNodeEntry(name, inputs: inputs)
    }

    /// One entry of a `nodes:` section: python node `name` runs `path` (`name.py` when nil) with `inputs`.
    public static func pythonNodeEntry(
        _ name: String, path: String? = nil, inputs: KeyValuePairs<String, String>
    ) -> String {
        let lines = inputs.map { "    \($0.key): \($0.value)\n" }.joined()
        return "- name: \(name)\n  type: python\n  source:\n    type: code\n    path: \(path ?? name + ".py")\n"
            + "  inputs:\n" + lines
    }

    /// A flow with one string input `text` and one string output `output` that answers what node `echo` returns;
    /// `text` is what the node's `text` input refers to (`${inputs.text}`, or an unknown node for a broken flow).
    public static func echoFlowYAML(output: String, text: String) -> String {
        """
        inputs:
          text:
            type: string
        outputs:
          \(output):
            type: string
            reference: ${echo.output}

        """ + pythonNode("echo", inputs: ["text": text])
    }

    /// A flow whose node input refers to an unknown node, `nowhere` (line 16 of its YAML), so it does not validate.
    public static let broken: [String: String] = [
        "flow.dag.yaml": echoFlowYAML(output: "out", text: "${nowhere.output}"),
        "echo.py": "from promptflow.core import tool\n\n\n@tool\ndef echo(text: str) -> str:\n    return text\n",
    ]

    /// Writes each file of `files` (name → text, names may contain folders) into `folder`, creating what is missing.
    @discardableResult
    public static func write(_ files: [String: String], into folder: URL) throws -> URL {
        for (name, text) in files {
            let file = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        return folder
    }
}
