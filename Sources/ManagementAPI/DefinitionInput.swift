import FlowSpec
import Platform

/// A JSON request body handed to Platform's YAML definition readers (`EndpointDefinition`, `DeploymentDefinition`,
/// `ConnectionDocument`), so JSON and YAML input share one parser. The JSON is rewritten one member per line
/// (JSON is YAML) and each line remembers its field, so a diagnostic's line names the field it is about.
struct DefinitionInput {
    /// The text the readers parse.
    let text: String
    /// The field written on each line (1-based), `traffic.blue` or `outputs[0]`.
    private(set) var fields: [Int: String] = [:]

    init(_ object: FlowObject) {
        var writer = Writer()
        writer.write(.object(object), path: "")
        text = writer.lines.joined(separator: "\n") + "\n"
        fields = writer.fields
    }

    /// The reader's diagnostics as a 400 with one detail per problem, each naming its field.
    func error(_ error: DefinitionError) -> APIError {
        let details = error.diagnostics.map { diagnostic -> APIError.Detail in
            if let (field, message) = Self.fieldPrefix(diagnostic.message) {
                return APIError.Detail(field: field, message: message)
            }
            return APIError.Detail(field: diagnostic.line.flatMap { fields[$0] } ?? "", message: diagnostic.message)
        }
        let summary = details.map { detail in
            detail.field.isEmpty || detail.message.hasPrefix(detail.field)
                ? detail.message : "\(detail.field): \(detail.message)"
        }
        return .badArgument(summary.joined(separator: "; "), details: details)
    }

    /// Splits `traffic.blue: 120 is not …` (how a `ResourceValidationError` issue reads) into field and message.
    static func fieldPrefix(_ message: String) -> (String, String)? {
        guard let colon = message.range(of: ": ") else { return nil }
        let field = message[..<colon.lowerBound]
        let allowed = field.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || "_.-[]$".unicodeScalars.contains($0)
        }
        guard !field.isEmpty, allowed else { return nil }
        return (String(field), String(message[colon.upperBound...]))
    }

    /// Writes block-style JSON with one member or element per line, recording each line's field path.
    private struct Writer {
        var lines: [String] = []
        var fields: [Int: String] = [:]
        private var indent = 0

        mutating func write(_ value: FlowValue, path: String, prefix: String = "", suffix: String = "") {
            let pad = String(repeating: "  ", count: indent)
            switch value {
            case .object(let object) where !object.isEmpty:
                append(pad + prefix + "{", path)
                indent += 1
                for (index, member) in object.enumerated() {
                    let key = FlowValue.jsonString(member.key, style: .compact)
                    let child = path.isEmpty ? member.key : "\(path).\(member.key)"
                    write(member.value, path: child, prefix: key + ": ", suffix: index == object.count - 1 ? "" : ",")
                }
                indent -= 1
                append(pad + "}" + suffix, path)
            case .list(let list) where !list.isEmpty:
                append(pad + prefix + "[", path)
                indent += 1
                for (index, element) in list.enumerated() {
                    write(element, path: "\(path)[\(index)]", suffix: index == list.count - 1 ? "" : ",")
                }
                indent -= 1
                append(pad + "]" + suffix, path)
            default:
                append(pad + prefix + value.json(.compact) + suffix, path)
            }
        }

        private mutating func append(_ line: String, _ path: String) {
            lines.append(line)
            fields[lines.count] = path
        }
    }
}
