import FlowSpec

/// The audit log as a table for people (`-o table`): one line per event, newest first.
enum AuditTable {
    /// TIME, PRINCIPAL, ACTION, METHOD, TARGET, STATUS, OUTCOME.
    static func events(_ list: [FlowValue]) -> String {
        if list.isEmpty { return "No audit events.\n" }
        return ResourceTable.columns(
            ["TIME", "PRINCIPAL", "ACTION", "METHOD", "TARGET", "STATUS", "OUTCOME"],
            list.map { item in
                let object = item.objectValue ?? [:]
                return ["time", "principal", "action", "method", "target", "status", "outcome"].map {
                    ResourceTable.text(object[$0])
                }
            })
    }
}
