import FlowSpec

/// How a PATCH body changes a resource: each top-level key it names replaces the stored value, `null` removes it,
/// and settings records (`request_settings`, probes) merge field by field, so a PATCH names only what changes.
enum MergePatch {
    static func apply(_ patch: FlowObject, to base: FlowObject, records: Set<String> = []) -> FlowObject {
        var result = base
        for (key, value) in patch {
            switch (value, base[key]) {
            case (.null, _):
                result[key] = nil
            case (.object(let fields), .object(let stored)?) where records.contains(key):
                result[key] = .object(apply(fields, to: stored))
            default:
                result[key] = value
            }
        }
        return result
    }
}
