import Foundation

/// Test support only: a one-node python flow whose tool answers `inflection.camelize(text)` when the package
/// `inflection` is installed (only a custom requirements text installs it) and "no inflection" otherwise, so a
/// test sees which environment a deployment was built from.
public enum InflectionFlow {
    /// Writes `flow.dag.yaml` and `camel.py` into `folder` (created when missing); `defaultText` becomes the
    /// `text` input's default.
    public static func write(into folder: URL, defaultText: String? = nil) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let defaultLine = defaultText.map { "\n    default: \($0)" } ?? ""
        try """
        inputs:
          text:
            type: string\(defaultLine)
        outputs:
          out:
            type: string
            reference: ${camel.output}
        nodes:
        - name: camel
          type: python
          source:
            type: code
            path: camel.py
          inputs:
            text: ${inputs.text}

        """.write(to: folder.appendingPathComponent("flow.dag.yaml"), atomically: true, encoding: .utf8)
        try """
        from promptflow.core import tool

        try:
            import inflection
        except ImportError:
            inflection = None


        @tool
        def camel(text: str) -> str:
            return "no inflection" if inflection is None else inflection.camelize(text)

        """.write(to: folder.appendingPathComponent("camel.py"), atomically: true, encoding: .utf8)
    }
}
