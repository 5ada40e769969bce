import FlowSpec
import Platform

/// Reports the Azure-only keys a definition file set (or the server said it ignored) in one line on standard error.
enum IgnoredKeys {
    /// `Ignored (Azure-only): instance_type (line 4): instances run in the server's process; …`.
    static func line(_ ignored: [IgnoredKey]) -> String? {
        ignored.isEmpty ? nil : "Ignored (Azure-only): " + ignored.map(\.description).joined(separator: "; ")
    }

    static func report(_ ignored: [IgnoredKey]) {
        if let line = line(ignored) { printError(line) }
    }

    /// The `ignored_keys` a create answer lists, when there are any.
    static func report(server resource: FlowValue) {
        let keys = (resource.objectValue?["ignored_keys"]?.listValue ?? []).compactMap(\.stringValue)
        if !keys.isEmpty { printError("Ignored by the server: " + keys.joined(separator: ", ")) }
    }
}
