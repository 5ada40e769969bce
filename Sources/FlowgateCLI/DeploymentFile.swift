import Foundation
import Platform

/// Reads `deployment.yaml` for `deployment create|update` when flags may supply what the file leaves out:
/// a file without `model` is read with `--flow`'s folder (or, for an update, with no flow change at all).
enum DeploymentFile {
    /// What the file says: the deployment, the keys it sets, the Azure-only keys it ignores.
    struct Contents {
        var deployment: Deployment
        var keys: Set<String>
        var ignored: [IgnoredKey]
    }

    /// The definition with `name`, `endpointName` and `flow` (flags) taking precedence over the file.
    static func load(
        path: String, name: String?, endpointName: String?, flow: String?, requireFlow: Bool
    ) throws -> Contents {
        guard let data = FileManager.default.contents(atPath: path), data.count <= 1 << 20,
            let text = String(data: data, encoding: .utf8)
        else { throw CLIError("cannot read \(path) (a UTF-8 text file of at most 1 MiB).") }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let first: DeploymentDefinition
        do {
            first = try DeploymentDefinition.parse(
                yaml: text, file: path, baseDirectory: folder, name: name, endpointName: endpointName)
        } catch {
            let missesFlow = error.diagnostics.contains { $0.message.contains("needs the flow folder") }
            guard missesFlow, flow != nil || !requireFlow else { throw error }
            // The file names no flow: read it again with a stand-in `model`, which the caller replaces or drops.
            let stand = flow.map { absolute($0) } ?? "/flowgate-no-flow-change"
            let second = try DeploymentDefinition.parse(
                yaml: text + "\nmodel: " + jsonQuoted(stand) + "\n", file: path, baseDirectory: folder, name: name,
                endpointName: endpointName)
            return Contents(
                deployment: second.deployment, keys: second.keys.subtracting(flow == nil ? ["model"] : []),
                ignored: second.ignored)
        }
        return Contents(deployment: first.deployment, keys: first.keys, ignored: first.ignored)
    }

    /// A path as given on the command line, made absolute from the current folder.
    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL.path
    }

    private static func jsonQuoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
