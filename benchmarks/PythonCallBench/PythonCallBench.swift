// Python tool call round trip through Flowgate's worker pool.
//   PythonCallBench <flow-dir> <calls>
//     sequential calls on one warm worker: p50 / p99 of a trivial @tool call, and of the bare protocol echo.
//   PythonCallBench <flow-dir> <calls> concurrent <callers> <pool-size> <pipeline-depth>
//     <callers> tasks calling at once through a pool of <pool-size> workers: calls/s and per-call p50 / p99.
// The flow folder holds tools/trivial.py. Prints one JSON object.
import Foundation
import PythonHost

@main
struct PythonCallBench {
    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 3 || arguments.count == 7, let calls = Int(arguments[2]), calls > 0 else {
            usage()
        }
        let configuration = PythonWorkerConfiguration(
            python: try PythonInterpreter.resolve(), flowDirectory: URL(fileURLWithPath: arguments[1]))
        let callArguments = Data(#"{"x": 1}"#.utf8)
        if arguments.count == 7 {
            guard arguments[3] == "concurrent", let callers = Int(arguments[4]), let size = Int(arguments[5]),
                let depth = Int(arguments[6]), callers > 0
            else { usage() }
            let pool = PythonWorkerPool(configuration: configuration, size: size, pipelineDepth: depth)
            defer { pool.shutdown() }
            let result = try await concurrent(calls, callers: callers) {
                let result = try await pool.call(tool: "tools/trivial.py", arguments: callArguments)
                precondition(result.value == Data("1".utf8), "unexpected result")
            }
            print(
                #"{"calls": \#(calls), "callers": \#(callers), "pool_size": \#(size), "pipeline_depth": \#(depth), "#
                    + #""tool_call": \#(result)}"#)
            return
        }
        let pool = PythonWorkerPool(configuration: configuration, size: 1)
        defer { pool.shutdown() }
        let call = try await measure(calls) {
            let result = try await pool.call(tool: "tools/trivial.py", arguments: callArguments)
            precondition(result.value == Data("1".utf8), "unexpected result")
        }
        let echo = try await measure(calls) {
            _ = try await pool.echo(callArguments)
        }
        print(#"{"calls": \#(calls), "tool_call": \#(call), "protocol_echo": \#(echo)}"#)
    }

    static func usage() -> Never {
        FileHandle.standardError.write(
            Data(
                "usage: PythonCallBench <flow-dir> <calls> [concurrent <callers> <pool-size> <pipeline-depth>]\n"
                    .utf8))
        exit(2)
    }

    /// Runs `body` `count` times after a warm-up and returns p50/p99/mean in microseconds as JSON.
    static func measure(_ count: Int, _ body: @Sendable () async throws -> Void) async throws -> String {
        for _ in 0..<min(2000, count) { try await body() }
        var samples = [Double]()
        samples.reserveCapacity(count)
        let clock = ContinuousClock()
        let total = clock.now
        for _ in 0..<count {
            let start = clock.now
            try await body()
            samples.append(microseconds(clock.now - start))
        }
        return summary(samples, wall: microseconds(clock.now - total) / 1e6)
    }

    /// `callers` tasks each run `body` `count / callers` times (after a warm-up of the same shape); returns
    /// the calls per second over the whole run and the per-call latency, as JSON.
    static func concurrent(_ count: Int, callers: Int, _ body: @escaping @Sendable () async throws -> Void)
        async throws -> String
    {
        let perCaller = max(1, count / callers)
        @Sendable func run(_ calls: Int) async throws -> [Double] {
            try await withThrowingTaskGroup(of: [Double].self) { group in
                for _ in 0..<callers {
                    group.addTask {
                        let clock = ContinuousClock()
                        var samples = [Double]()
                        samples.reserveCapacity(calls)
                        for _ in 0..<calls {
                            let start = clock.now
                            try await body()
                            samples.append(microseconds(clock.now - start))
                        }
                        return samples
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
        }
        _ = try await run(min(perCaller, 2000 / callers + 1))
        let clock = ContinuousClock()
        let start = clock.now
        let samples = try await run(perCaller)
        return summary(samples, wall: microseconds(clock.now - start) / 1e6)
    }

    static func microseconds(_ duration: Duration) -> Double {
        Double(duration.components.attoseconds) / 1e12 + Double(duration.components.seconds) * 1e6
    }

    static func summary(_ unsorted: [Double], wall: Double) -> String {
        let samples = unsorted.sorted()
        func percentile(_ p: Double) -> Double { samples[min(samples.count - 1, Int(Double(samples.count) * p))] }
        let mean = samples.reduce(0, +) / Double(samples.count)
        return String(
            format: #"{"p50_us": %.1f, "p99_us": %.1f, "mean_us": %.1f, "per_second": %.0f}"#,
            percentile(0.5), percentile(0.99), mean, Double(samples.count) / wall)
    }
}
