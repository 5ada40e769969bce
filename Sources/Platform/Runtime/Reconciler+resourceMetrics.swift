import Foundation

extension Reconciler {
    /// Prometheus text of the resource metrics of every running instance whose deployment's identity holds
    /// `metrics/write` (see `ResourceMetricsGate`): CPU seconds and resident memory of the processes the instance owns
    /// (a process instance's child and its descendants, an in-process instance's Python workers and theirs), read
    /// from `/proc` at each scrape and labelled endpoint, deployment, instance. Empty when no deployment has the gate
    /// on.
    func resourceMetricsText(table read: () -> ProcessTable = { ProcessTable.read() }) -> String {
        let running = state.withLock { state in
            state.running.filter(\.value.resourceMetrics.isOn).sorted {
                ($0.key.endpoint, $0.key.name) < ($1.key.endpoint, $1.key.name)
            }
        }
        guard !running.isEmpty else { return "" }
        let table = read()
        var cpu = ""
        var memory = ""
        for (key, deployment) in running {
            for instance in deployment.instances.sorted(by: { $0.id < $1.id }) {
                let usage = table.usage(of: instance.ownedProcessIDs)
                let labels = Self.labels(endpoint: key.endpoint, deployment: key.name, instance: instance.id)
                cpu += "\(Self.cpuMetric)\(labels) \(Self.format(usage.cpuSeconds))\n"
                memory += "\(Self.memoryMetric)\(labels) \(Self.format(usage.residentBytes))\n"
            }
        }
        return "# HELP \(Self.cpuMetric) CPU time (user and system) of the instance's processes, in seconds.\n"
            + "# TYPE \(Self.cpuMetric) counter\n" + cpu
            + "# HELP \(Self.memoryMetric) Resident memory of the instance's processes, in bytes.\n"
            + "# TYPE \(Self.memoryMetric) gauge\n" + memory
    }

    static let cpuMetric = "flowgate_instance_cpu_seconds_total"
    static let memoryMetric = "flowgate_instance_memory_bytes"

    private static func labels(endpoint: String, deployment: String, instance: String) -> String {
        func escaped(_ value: String) -> String {
            value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
        }
        return "{endpoint=\"\(escaped(endpoint))\",deployment=\"\(escaped(deployment))\","
            + "instance=\"\(escaped(instance))\"}"
    }

    /// Whole numbers without a fraction, others with millisecond precision.
    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.3f", value)
    }
}
