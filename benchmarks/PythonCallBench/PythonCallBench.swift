// Python tool call round trip through Flowgate's worker pool: p50 / p99 of a trivial @tool call.
//   PythonCallBench <flow-dir> <calls>   (the flow folder holds tools/trivial.py)
// Prints one JSON object: the tool call, and the bare protocol echo through the same pool for comparison.
import Foundation
import PythonHost

@main
struct PythonCallBench {
    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 3, let calls = Int(arguments[2]), calls > 0 else {
            FileHandle.standardError.write(Data("usage: PythonCallBench <flow-dir> <calls>\n".utf8))
            exit(2)
        }
        let configuration = PythonWorkerConfiguration(
            python: try PythonInterpreter.resolve(), flowDirectory: URL(fileURLWithPath: arguments[1]))
        let pool = PythonWorkerPool(configuration: configuration, size: 1)
        defer { pool.shutdown() }
        let callArguments = Data(#"{"x": 1}"#.utf8)
        let echoPayload = Data(#"{"x": 1}"#.utf8)

        let call = try await measure(calls) {
            let result = try await pool.call(tool: "tools/trivial.py", arguments: callArguments)
            precondition(result.value == Data("1".utf8), "unexpected result")
        }
        let echo = try await measure(calls) {
            _ = try await pool.echo(echoPayload)
        }
        print(#"{"calls": \#(calls), "tool_call": \#(call), "protocol_echo": \#(echo)}"#)
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
            let elapsed = clock.now - start
            samples.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
        }
        let seconds = (clock.now - total).components
        let wall = Double(seconds.seconds) + Double(seconds.attoseconds) / 1e18
        samples.sort()
        func percentile(_ p: Double) -> Double { samples[min(samples.count - 1, Int(Double(samples.count) * p))] }
        let mean = samples.reduce(0, +) / Double(samples.count)
        return String(
            format: #"{"p50_us": %.1f, "p99_us": %.1f, "mean_us": %.1f, "per_second": %.0f}"#,
            percentile(0.5), percentile(0.99), mean, Double(count) / wall)
    }
}
