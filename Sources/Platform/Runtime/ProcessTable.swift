import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One reading of `/proc`: every process's parent, CPU time and resident memory, so the usage of a process tree
/// (an instance's child or Python workers and everything they started) is summed from a single pass. Empty where
/// there is no `/proc` (not Linux).
struct ProcessTable: Sendable {
    struct Entry: Sendable, Equatable {
        var parent: Int32
        /// User and system time of the process and of its children it has waited for, in seconds.
        var cpuSeconds: Double
        var residentBytes: Double
    }

    /// CPU seconds and resident bytes summed over a tree.
    struct Usage: Sendable, Equatable {
        var cpuSeconds: Double = 0
        var residentBytes: Double = 0
        var processes = 0
    }

    let entries: [Int32: Entry]

    init(entries: [Int32: Entry]) {
        self.entries = entries
    }

    /// Reads `/proc/<pid>/stat` of every process now; a process that ends during the read is left out.
    static func read(root: String = "/proc") -> ProcessTable {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root) else {
            return ProcessTable(entries: [:])
        }
        let ticks = Double(max(1, sysconf(Int32(_SC_CLK_TCK))))
        let pageSize = Double(max(1, sysconf(Int32(_SC_PAGESIZE))))
        var entries: [Int32: Entry] = [:]
        for name in names {
            guard let pid = Int32(name),
                let stat = try? String(contentsOfFile: "\(root)/\(name)/stat", encoding: .utf8),
                let entry = parse(stat: stat, ticks: ticks, pageSize: pageSize)
            else { continue }
            entries[pid] = entry
        }
        return ProcessTable(entries: entries)
    }

    /// One `/proc/<pid>/stat` line (proc(5)): the fields after `(comm)`, which may hold spaces and parentheses.
    static func parse(stat: String, ticks: Double, pageSize: Double) -> Entry? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        // fields[0] is proc(5)'s field 3 (state).
        func field(_ number: Int) -> Double? { fields.count > number - 3 ? Double(fields[number - 3]) : nil }
        guard let parent = field(4), let user = field(14), let system = field(15), let rss = field(24) else {
            return nil
        }
        let children = (field(16) ?? 0) + (field(17) ?? 0)
        let cpuSeconds = (user + system + children) / ticks
        return Entry(parent: Int32(parent), cpuSeconds: cpuSeconds, residentBytes: max(0, rss) * pageSize)
    }

    /// The usage of `roots` and all their descendants (each process counted once).
    func usage(of roots: [Int32]) -> Usage {
        var children: [Int32: [Int32]] = [:]
        for (pid, entry) in entries { children[entry.parent, default: []].append(pid) }
        var usage = Usage()
        var seen: Set<Int32> = []
        var pending = roots
        while let pid = pending.popLast() {
            guard seen.insert(pid).inserted, let entry = entries[pid] else { continue }
            usage.cpuSeconds += entry.cpuSeconds
            usage.residentBytes += entry.residentBytes
            usage.processes += 1
            pending.append(contentsOf: children[pid] ?? [])
        }
        return usage
    }
}
