import FlowSpec

/// Prints what a management command answers on standard output: the server's JSON indented with `-o json`,
/// else a table (`ResourceTable`).
enum ResourcePrinter {
    static func endpoint(_ value: FlowValue, json: Bool) {
        emit(value, json: json, table: ResourceTable.endpoint)
    }

    static func deployment(_ value: FlowValue, json: Bool) {
        emit(value, json: json, table: ResourceTable.deployment)
    }

    static func operation(_ value: FlowValue, json: Bool) {
        emit(value, json: json, table: ResourceTable.operation)
    }

    /// A `{"value": [...]}` list: the whole answer as JSON, or the table of its items.
    static func list(_ value: FlowValue, json: Bool, table: ([FlowValue]) -> String) {
        if json {
            print(PrettyJSON.text(value))
        } else {
            print(table(value.objectValue?["value"]?.listValue ?? []), terminator: "")
        }
    }

    private static func emit(_ value: FlowValue, json: Bool, table: (FlowValue) -> String) {
        if json {
            print(PrettyJSON.text(value))
        } else {
            print(table(value), terminator: "")
        }
    }
}
