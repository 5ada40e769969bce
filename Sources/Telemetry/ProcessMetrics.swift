import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The Prometheus client libraries' standard process metrics (`process_resident_memory_bytes`,
/// `process_cpu_seconds_total`, ...), read from /proc/self on Linux at each scrape; empty elsewhere.
public struct ProcessMetrics: Sendable {
    public init() {}

    /// Prometheus text for this process, or "" when /proc cannot be read.
    public func text() -> String {
        #if os(Linux)
            guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
                let fields = ProcessMetrics.statFields(stat)
            else { return "" }
            let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
            let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
            // Fields after the command, numbered from 3 (state) as proc(5) numbers them.
            func field(_ number: Int) -> Double { Double(fields[number - 3]) ?? 0 }
            let cpuSeconds = (field(14) + field(15)) / ticks
            let virtualBytes = field(23)
            let residentBytes = field(24) * pageSize
            var output = ""
            append(
                &output, "process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.",
                cpuSeconds)
            append(&output, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.", virtualBytes)
            append(&output, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", residentBytes)
            if let bootTime = ProcessMetrics.bootTime() {
                let start = bootTime + field(22) / ticks
                append(
                    &output, "process_start_time_seconds", "gauge",
                    "Start time of the process since unix epoch in seconds.", start)
            }
            if let open = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
                // The directory listing itself holds one descriptor while it is read.
                append(
                    &output, "process_open_fds", "gauge", "Number of open file descriptors.",
                    Double(max(0, open.count - 1)))
            }
            var limit = rlimit()
            if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 {
                append(
                    &output, "process_max_fds", "gauge", "Maximum number of open file descriptors.",
                    Double(limit.rlim_cur))
            }
            return output
        #else
            return ""
        #endif
    }

    /// The space-separated fields after `(comm)`, which may itself contain spaces and parentheses.
    static func statFields(_ stat: String) -> [Substring]? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        return fields.count >= 22 ? fields : nil
    }

    static func bootTime() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
        for line in stat.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst(6).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    private func append(_ output: inout String, _ name: String, _ type: String, _ help: String, _ value: Double) {
        output += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n\(name) \(ProcessMetrics.format(value))\n"
    }

    /// Integers without a fraction, other values as Swift prints a Double (which Prometheus parses).
    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
