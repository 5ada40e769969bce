import Foundation

/// Parses a small YAML document other modules read (connection files, endpoint definitions) into a `FlowValue`.
/// The same bounds as flow files apply: size, aliases, expansion and nesting depth; problems carry file and line.
public enum YAMLDocument {
    /// The document at `path` as a value (`nil` for an empty document), or every problem found.
    public static func value(atPath path: String) throws(FlowValidationError) -> FlowValue? {
        let text = try YAMLReader.readText(at: URL(fileURLWithPath: path), file: path)
        return try value(of: text, file: path)
    }

    /// The document text as a value (`nil` for an empty document); `file` names it in diagnostics.
    public static func value(of text: String, file: String) throws(FlowValidationError) -> FlowValue? {
        try YAMLReader.compose(text, file: file)?.flowValue
    }
}
