import Foundation

/// Loads a flow folder or file (`flow.dag.yaml`, `*.prompty`, `flow.flex.yaml`) into a validated `Flow`.
/// Every problem in the file is reported at once in a `FlowValidationError`; nothing outside the folder is read.
public enum FlowLoader {
    /// Loads the flow at `path`: a folder holding `flow.dag.yaml`, `flow.flex.yaml` or one `*.prompty`,
    /// or one of those files directly (any YAML file with an `entry` key and no `nodes` is a flex flow).
    public static func load(path: String) throws(FlowValidationError) -> Flow {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw failure(path, "no such file or directory")
        }
        let directory: URL
        let fileName: String
        if isDirectory.boolValue {
            directory = url
            fileName = try flowFile(in: url, shownAs: path)
        } else {
            directory = url.deletingLastPathComponent()
            fileName = url.lastPathComponent
        }
        let name = directory.lastPathComponent
        let fileURL = directory.appendingPathComponent(fileName)
        if let real = PathGuard.realPath(fileURL.path), let root = PathGuard.realPath(directory.path),
            !real.hasPrefix(root + "/")
        {
            throw failure(
                fileName,
                "the flow file is a symlink that resolves outside the flow folder; Flowgate does not follow it")
        }
        let text = try YAMLReader.readText(at: fileURL, file: fileName)
        var parser = FlowFileParser(file: fileName, directory: directory)
        if fileName.hasSuffix(".prompty") {
            return try parser.parsePrompty(text: text, name: name)
        }
        let root = try YAMLReader.compose(text, file: fileName)
        let isFlex =
            fileName.hasSuffix(".flex.yaml") || fileName.hasSuffix(".flex.yml")
            || (root?.value(for: "entry") != nil && root?.value(for: "nodes") == nil)
        if isFlex {
            return try parser.parseFlex(root, name: name)
        }
        return try parser.parseDAG(root, name: name)
    }

    /// The flow definition file inside a folder.
    private static func flowFile(in directory: URL, shownAs path: String) throws(FlowValidationError) -> String {
        for candidate in ["flow.dag.yaml", "flow.dag.yml", "flow.flex.yaml", "flow.flex.yml"]
        where FileManager.default.fileExists(atPath: directory.appendingPathComponent(candidate).path) {
            return candidate
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let prompties = entries.filter { $0.hasSuffix(".prompty") }.sorted()
        if prompties.count == 1 { return prompties[0] }
        if prompties.count > 1 {
            throw failure(
                path,
                "the folder holds several .prompty files (\(prompties.joined(separator: ", "))); pass the one to load")
        }
        throw failure(path, "the folder has no flow.dag.yaml, flow.flex.yaml or .prompty file")
    }

    private static func failure(_ file: String, _ message: String) -> FlowValidationError {
        FlowValidationError(diagnostics: [Diagnostic(file: file, message: message)])
    }
}
