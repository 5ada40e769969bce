/// Merges the lines of several sources into one tail by their timestamps (the first word of each line, UTC
/// ISO 8601 with milliseconds, so text order is time order). Stable: lines of one source keep their order, and
/// lines of the same millisecond from different sources come in source-name order.
enum LogMerge {
    /// The last `count` lines of `sources` (each oldest first) merged, oldest first.
    static func last(_ count: Int, of sources: [String: [String]]) -> [String] {
        if sources.count == 1, let only = sources.values.first { return Array(only.suffix(count)) }
        var keyed: [(time: Substring, source: Int, index: Int, text: String)] = []
        for (sourceIndex, name) in sources.keys.sorted().enumerated() {
            for (index, line) in (sources[name] ?? []).enumerated() {
                keyed.append((line.prefix { $0 != " " }, sourceIndex, index, line))
            }
        }
        keyed.sort { a, b in
            if a.time != b.time { return a.time < b.time }
            if a.source != b.source { return a.source < b.source }
            return a.index < b.index
        }
        return keyed.suffix(count).map(\.text)
    }
}
