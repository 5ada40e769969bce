import Foundation
import Testing

@testable import Platform

/// Reading `/proc` for instance resource metrics: one stat line parsed (a command with spaces and parentheses), a
/// tree summed once per process, and this very process found with its own memory.
@Suite struct ProcessTableTests {
    @Test func parsesAStatLine() throws {
        // pid (comm) state ppid ... utime(14)=150 stime(15)=50 cutime(16)=100 cstime(17)=0 ... rss(24)=2560
        let stat =
            "4242 (python3 (worker) x) S 7 4242 7 0 -1 4194560 900 0 0 0 150 50 100 0 20 0 3 0 12345 "
            + "123456789 2560 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0"
        let entry = try #require(ProcessTable.parse(stat: stat, ticks: 100, pageSize: 4096))
        #expect(entry.parent == 7)
        #expect(entry.cpuSeconds == 3.0)
        #expect(entry.residentBytes == 2560 * 4096)
        #expect(ProcessTable.parse(stat: "garbage", ticks: 100, pageSize: 4096) == nil)
        #expect(ProcessTable.parse(stat: "1 (x) S 0", ticks: 100, pageSize: 4096) == nil)
    }

    @Test func sumsATreeOnce() {
        let table = ProcessTable(entries: [
            10: .init(parent: 1, cpuSeconds: 1, residentBytes: 100),
            11: .init(parent: 10, cpuSeconds: 2, residentBytes: 200),
            12: .init(parent: 11, cpuSeconds: 4, residentBytes: 400),
            20: .init(parent: 1, cpuSeconds: 8, residentBytes: 800),
        ])
        let usage = table.usage(of: [10, 11, 99])
        #expect(usage == .init(cpuSeconds: 7, residentBytes: 700, processes: 3))
        #expect(table.usage(of: []) == .init())
        #expect(table.usage(of: [20]).residentBytes == 800)
    }

    @Test func findsThisProcess() throws {
        #if os(Linux)
            let clock = ContinuousClock()
            let began = clock.now
            let table = ProcessTable.read()
            print("ProcessTable.read: \(table.entries.count) processes in \(clock.now - began)")
            let usage = table.usage(of: [getpid()])
            #expect(usage.processes >= 1)
            #expect(usage.residentBytes > 1_000_000)
        #endif
    }
}
