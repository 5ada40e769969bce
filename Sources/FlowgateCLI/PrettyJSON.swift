import FlowSpec

/// Writes a JSON value indented by two spaces, keys in the order the server sent them, for `-o json`.
/// Strings use the compact writer's escaping (UTF-8 kept), so the text is the server's JSON laid out.
enum PrettyJSON {
    static func text(_ value: FlowValue) -> String {
        var out = ""
        write(value, indent: "", into: &out)
        return out
    }

    private static func write(_ value: FlowValue, indent: String, into out: inout String) {
        let inner = indent + "  "
        switch value {
        case .list(let items) where !items.isEmpty:
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += inner
                write(item, indent: inner, into: &out)
                out += index == items.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        case .object(let object) where !object.isEmpty:
            out += "{\n"
            for (index, member) in object.enumerated() {
                out += inner + FlowValue.jsonString(member.key, style: .compact) + ": "
                write(member.value, indent: inner, into: &out)
                out += index == object.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        default:
            out += value.json(.compact)
        }
    }
}
