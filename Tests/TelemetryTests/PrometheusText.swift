/// Test reading of Prometheus text: the lines of one metric family (its TYPE line and samples), sorted,
/// since families and label sets come out in registry order.
enum PrometheusText {
    static func family(_ name: String, in text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { line in
            line == "# TYPE \(name) counter" || line == "# TYPE \(name) histogram" || line == "# TYPE \(name) gauge"
                || line.hasPrefix("\(name){") || line.hasPrefix("\(name) ") || line.hasPrefix("\(name)_bucket{")
                || line.hasPrefix("\(name)_sum") || line.hasPrefix("\(name)_count")
        }.sorted()
    }

    /// The value of the sample line that starts with `prefix` (name and labels).
    static func value(_ prefix: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(prefix + " ") {
            return Double(line.dropFirst(prefix.count + 1))
        }
        return nil
    }
}
