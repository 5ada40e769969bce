import FlowSpec

/// The traces of a deployment's running instances in one list: each instance's recent traces (its flow server's
/// `GET /traces` shape), tagged with the instance id, merged newest first; and one trace looked up across them.
/// Traces live in the instances' memory: a restarted or replaced instance starts with none.
public enum TraceListing {
    /// Up to `limit` summaries over `deployment`'s instances, newest first by `start_time`, each with `instance`.
    public static func recent(_ deployment: LiveDeployment, limit: Int) async -> [FlowObject] {
        let tracing = deployment.instances.compactMap { $0 as? any TracingInstance }
        let lists = await withTaskGroup(of: (Int, [FlowObject]).self) { group in
            for (index, instance) in tracing.enumerated() {
                group.addTask { (index, await instance.recentTraces(limit: limit)) }
            }
            var lists = [[FlowObject]](repeating: [], count: tracing.count)
            for await (index, list) in group { lists[index] = list }
            return lists
        }
        var merged: [FlowObject] = []
        for (instance, list) in zip(tracing, lists) {
            for var summary in list {
                summary["instance"] = .string(instance.id)
                merged.append(summary)
            }
        }
        // ISO 8601 UTC times of one fixed format order as text; ties keep instance order (a stable sort).
        let ordered = merged.enumerated().sorted { left, right in
            let (a, b) = (startTime(left.element), startTime(right.element))
            return a != b ? a > b : left.offset < right.offset
        }
        return ordered.prefix(max(0, limit)).map(\.element)
    }

    /// The trace `id` from whichever instances keep it (a `/feedback` posted later may have reached another
    /// instance: its spans join the trace's), tagged with the instance that kept the most spans; nil when none does.
    public static func trace(_ deployment: LiveDeployment, id: String) async -> FlowObject? {
        let tracing = deployment.instances.compactMap { $0 as? any TracingInstance }
        var found: [(String, FlowObject)] = []
        for instance in tracing {
            if let trace = await instance.trace(id: id) { found.append((instance.id, trace)) }
        }
        guard let best = found.max(by: { spanCount($0.1) < spanCount($1.1) }) else { return nil }
        let (instanceID, primary) = best
        var trace = primary
        trace["instance"] = .string(instanceID)
        let others = found.filter { $0.0 != instanceID }.flatMap { $0.1["spans"]?.listValue ?? [] }
        if !others.isEmpty {
            let spans = (primary["spans"]?.listValue ?? []) + others
            trace["spans"] = .list(spans.sorted { startTime($0.objectValue ?? [:]) < startTime($1.objectValue ?? [:]) })
        }
        return trace
    }

    /// The `traces` of a `GET /traces` body (empty when it is not that shape).
    static func summaries(fromListJSON text: String) -> [FlowObject] {
        guard let list = object(fromJSON: text)?["traces"]?.listValue else { return [] }
        return list.compactMap(\.objectValue)
    }

    /// A JSON object parsed from text, or nil.
    static func object(fromJSON text: String) -> FlowObject? {
        guard case .object(let object)? = try? FlowValue(json: text) else { return nil }
        return object
    }

    private static func startTime(_ object: FlowObject) -> String {
        object["start_time"]?.stringValue ?? ""
    }

    private static func spanCount(_ trace: FlowObject) -> Int {
        trace["spans"]?.listValue?.count ?? 0
    }
}
