import FlowSpec

/// An error answer of the management API, shown as the server's message with its field details, or for a 401
/// as which key source was refused (never the key). The body is `{"error": {"code", "message", "details"}}`.
struct ManagementAPIError: Error, CustomStringConvertible {
    let status: Int
    let code: String?
    let message: String
    /// `(field, message)` pairs from `details`.
    let details: [(field: String, message: String)]
    let keySource: String
    let serverURL: String

    init(status: Int, body: [UInt8], method: String, path: String, target: ServerTarget) {
        self.status = status
        self.keySource = target.keySource
        self.serverURL = target.url
        let error = (try? FlowValue(jsonBytes: body))?.objectValue?["error"]?.objectValue
        code = error?["code"]?.stringValue
        let text = String(decoding: body.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        message = error?["message"]?.stringValue ?? (text.isEmpty ? "\(method) \(path) answered \(status)" : text)
        details = (error?["details"]?.listValue ?? []).compactMap { detail in
            guard let object = detail.objectValue else { return nil }
            return (object["field"]?.stringValue ?? "", object["message"]?.stringValue ?? "")
        }
    }

    var description: String {
        if status == 401 {
            return "the server at \(serverURL) refused the admin API key (401 Unauthorized); the key came from "
                + "\(keySource). Give the server's admin key with --api-key or $\(ServerTarget.apiKeyVariable)."
        }
        var lines = ["\(message)" + (code.map { " (\($0), \(status))" } ?? " (\(status))")]
        // The server's message often already joins its details; repeat only what it does not say.
        for detail in details where !message.contains(detail.message) {
            lines.append(detail.field.isEmpty ? "  \(detail.message)" : "  \(detail.field): \(detail.message)")
        }
        return lines.joined(separator: "\n")
    }
}
