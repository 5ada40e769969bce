import FlowSpec

/// Tables for principals, their keys, roles and role assignments (`-o table`); a key's text appears only in the
/// answer that creates it.
enum PrincipalTable {
    /// The object's `key`, or `null`.
    static func field(_ value: FlowValue, _ key: String) -> FlowValue {
        value.objectValue?[key] ?? .null
    }

    static func cell(_ value: FlowValue) -> String {
        switch value {
        case .null: "-"
        case .bool(let flag): flag ? "yes" : "no"
        case .list(let items): items.map(cell).joined(separator: ", ")
        default: value.stringValue ?? value.json(.compact)
        }
    }

    static func principals(_ list: [FlowValue]) -> String {
        ResourceTable.columns(
            ["NAME", "KIND", "BUILT IN", "CREATED"],
            list.map {
                [
                    cell(field($0, "name")), cell(field($0, "kind")), cell(field($0, "built_in")),
                    cell(field($0, "created_at")),
                ]
            })
    }

    static func principal(_ value: FlowValue) -> String {
        ResourceTable.fields(["name", "kind", "built_in", "created_at"].map { ($0, cell(field(value, $0))) })
    }

    static func keys(_ list: [FlowValue]) -> String {
        ResourceTable.columns(
            ["ID", "PREFIX", "CREATED", "LAST USED"],
            list.map {
                [
                    cell(field($0, "id")), cell(field($0, "prefix")) + "…", cell(field($0, "created_at")),
                    cell(field($0, "last_used_at")),
                ]
            })
    }

    static func roles(_ list: [FlowValue]) -> String {
        ResourceTable.columns(
            ["NAME", "BUILT IN", "ACTIONS", "NOT ACTIONS"],
            list.map {
                [
                    cell(field($0, "name")), cell(field($0, "built_in")), cell(field($0, "actions")),
                    cell(field($0, "not_actions")),
                ]
            })
    }

    static func role(_ value: FlowValue) -> String {
        ResourceTable.fields(
            ["name", "description", "actions", "not_actions", "built_in"].map { ($0, cell(field(value, $0))) })
    }

    static func assignments(_ list: [FlowValue]) -> String {
        ResourceTable.columns(
            ["ID", "ROLE", "PRINCIPAL", "SCOPE"],
            list.map {
                [
                    cell(field($0, "id")), cell(field($0, "role")), cell(field($0, "principal")),
                    cell(field($0, "scope")),
                ]
            })
    }

    static func assignment(_ value: FlowValue) -> String {
        ResourceTable.fields(["id", "role", "principal", "scope", "created_at"].map { ($0, cell(field(value, $0))) })
    }

    /// The server's JSON indented, or `table`.
    static func emit(_ value: FlowValue, json: Bool, table: (FlowValue) -> String) {
        if json { print(PrettyJSON.text(value)) } else { print(table(value), terminator: "") }
    }
}
