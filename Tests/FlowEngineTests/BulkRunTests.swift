import FlowSpec
import Foundation
import PythonHost
import Synchronization
import Testing

@testable import FlowEngine

/// Bulk runs (`flowgate run create`'s engine): column mapping, concurrency with line order kept, failing lines,
/// aggregation over lists with log_metric metrics, and the run folder.
@Suite struct BulkRunTests {
    /// An executor with real Python workers for `flow`; the pool is shut down by the caller.
    static func executor(_ flow: Flow, workers: Int = 2) async throws -> (FlowExecutor, PythonWorkerPool) {
        let pool = PythonWorkerPool(
            configuration: PythonWorkerConfiguration(python: try PythonInterpreter.resolve(), flowDirectory: flow.directory),
            size: workers)
        return (try await FlowExecutor(flow: flow, pythonRunner: pool), pool)
    }

    static func example(_ name: String) throws -> Flow {
        try FlowLoader.load(path: repositoryRoot.appendingPathComponent("examples/flows/\(name)").path)
    }

    static func data(_ text: String) throws -> BulkRunData { try BulkRunData(jsonl: Array(text.utf8)) }

    @Test func evalAccuracyWithColumnMappingGivesPromptflowsMetrics() async throws {
        let flow = try Self.example("eval-accuracy")
        let (executor, pool) = try await Self.executor(flow)
        defer { pool.shutdown() }
        let data = try BulkRunData(contentsOf: flow.directory.appendingPathComponent("data.jsonl"))
        let mapping = try BulkRunColumnMapping(pairs: [
            "groundtruth=${data.groundtruth}", "prediction=${data.prediction}",
        ])
        let result = await BulkRunner(executor: executor, name: "eval").run(data: data, mapping: mapping)
        #expect(result.status == .completed)
        #expect(result.lines.map { $0.outputs?["grade"] } == ["Correct", "Incorrect", "Correct", "Correct"])
        #expect(result.metrics == ["accuracy": 0.75, "graded_lines": 4])
        #expect(result.aggregationOutputs["accuracy"] == .object(["accuracy": 0.75, "graded_lines": 4]))
    }

    @Test func withoutMappingInputDefaultsWinOverColumns() async throws {
        // promptflow's _complete_inputs_mapping_by_default_value: inputs with a default are not read from the data.
        let flow = try Self.example("eval-accuracy")
        let (executor, pool) = try await Self.executor(flow)
        defer { pool.shutdown() }
        let data = try BulkRunData(contentsOf: flow.directory.appendingPathComponent("data.jsonl"))
        let result = await BulkRunner(executor: executor, name: "eval").run(data: data)
        #expect(result.lines.allSatisfy { $0.record?.inputs["groundtruth"] == "positive" })
        #expect(result.metrics == ["accuracy": 1.0, "graded_lines": 4])
    }

    @Test func pythonOnlyFlowOverSeveralLines() async throws {
        let flow = try Self.example("python-only")
        let (executor, pool) = try await Self.executor(flow)
        defer { pool.shutdown() }
        let data = try Self.data(
            """
            {"text": "One fish. Two fish.", "n": 1}
            {"text": "Red fish, blue fish!", "n": 2}

            {"text": "Flows are graphs. Graphs have nodes, and nodes run tools!", "n": 2}
            """)
        let mapping = try BulkRunColumnMapping(pairs: ["text=${data.text}", "top_n=${data.n}", "stopwords=[\"and\"]"])
        let result = await BulkRunner(executor: executor, name: "py", concurrency: 2).run(data: data, mapping: mapping)
        #expect(result.status == .completed)
        #expect(result.lines.map(\.lineNumber) == [0, 1, 2])
        #expect(result.completedLines == 3)
        #expect(result.lines[0].outputs?["report"] == "4 words, 2 sentences, 19 characters; most frequent: fish (2)")
        #expect(
            result.lines[2].outputs?["report"]
                == "10 words, 2 sentences, 57 characters; most frequent: graphs (2), nodes (2)")
        #expect(result.lines[1].outputs?["stats"]?.objectValue?["words"] == 4)
    }

    static let failing = [
        "check.py": """
            from promptflow.core import tool

            @tool
            def check(x: int) -> int:
                if x == 2:
                    raise ValueError("two is not allowed")
                return x * 10
            """,
        "collect.py": """
            from promptflow.core import log_metric, tool

            @tool
            def collect(values: list, xs: list, label: str) -> dict:
                log_metric("total", sum(values))
                log_metric("lines", len(values), variant_id="variant_0")
                return {"values": values, "xs": xs, "label": label}
            """,
        "flow.dag.yaml": """
            inputs:
              x: {type: int}
            outputs:
              y: {reference: '${check.output}'}
            nodes:
            - name: collect
              type: python
              source: {type: code, path: collect.py}
              inputs: {values: '${check.output}', xs: '${inputs.x}', label: batch}
              aggregation: true
            - {name: check, type: python, source: {type: code, path: check.py}, inputs: {x: '${inputs.x}'}}
            """,
    ]

    @Test func failingLinesAreRecordedAndTheRunGoesOn() async throws {
        let folder = try EngineFlowFolder(Self.failing)
        let (executor, pool) = try await Self.executor(try folder.load())
        defer { pool.shutdown() }
        let data = try Self.data(
            """
            {"x": 1}
            {"x": 2}
            {"x": 3
            {"y": 4}
            ["not", "an", "object"]
            {"x": "five"}
            {"x": 6}
            """)
        let result = await BulkRunner(executor: executor, name: "f").run(data: data)
        #expect(result.status == .completed)
        #expect(result.lines.map { $0.outputs?["y"] } == [10, nil, nil, nil, nil, nil, 60])
        #expect(result.failedLines == 5)
        #expect(result.lines[1].error?.message == "Execution failure in 'check': (ValueError) two is not allowed")
        #expect(result.lines[1].error?.node == "check")
        #expect(result.lines[2].error?.message.hasPrefix("Line 3 of data is not valid JSON") == true)
        #expect(result.lines[3].error?.message.contains("Couldn't find these mapping relations: ${data.x}") == true)
        #expect(result.lines[4].error?.message == "Line 5 of data is not a JSON object (it is a list).")
        #expect(result.lines[5].error?.message.contains("'x' does not match the expected type 'int'") == true)
        // Aggregation sees only the completed lines, as lists; literals stay as they are.
        #expect(
            result.aggregationOutputs["collect"]
                == .object(["values": [10, 60], "xs": [1, 6], "label": "batch"]))
        #expect(result.metrics == ["total": 70, "lines.variant_0": 2])
    }

    @Test func lineOrderIsKeptWhileLinesRunConcurrently() async throws {
        let folder = try EngineFlowFolder([
            "slow.py": """
                import time
                from promptflow.core import tool

                @tool
                def slow(x: int) -> int:
                    time.sleep(0.02 * (8 - x))
                    return x
                """,
            "flow.dag.yaml": """
                inputs:
                  x: {type: int}
                outputs:
                  x: {reference: '${slow.output}'}
                nodes:
                - {name: slow, type: python, source: {type: code, path: slow.py}, inputs: {x: '${inputs.x}'}}
                """,
        ])
        let (executor, pool) = try await Self.executor(try folder.load(), workers: 4)
        defer { pool.shutdown() }
        let data = try Self.data((0..<8).map { "{\"x\": \($0)}" }.joined(separator: "\n"))
        let progress = ProgressLog()
        let result = await BulkRunner(executor: executor, name: "order", concurrency: 4).run(
            data: data, progress: { progress.append($0) })
        #expect(result.lines.map { $0.outputs?["x"] } == (0..<8).map { .int($0) })
        #expect(result.lines.map(\.lineNumber) == Array(0..<8))
        // Lines overlapped: the first line ended after the second one started.
        let records = result.lines.compactMap(\.record)
        #expect(records[0].endTime > records[1].startTime)
        // Later lines finished first (they sleep less), so completion order differs from line order.
        #expect(progress.values.map(\.done) == Array(1...8))
        #expect(progress.values.last == BulkRunProgress(completed: 8, failed: 0, total: 8))
    }

    @Test func unknownColumnFailsTheRunBeforeAnyLine() async throws {
        let folder = try EngineFlowFolder(Self.failing)
        let (executor, pool) = try await Self.executor(try folder.load())
        defer { pool.shutdown() }
        let data = try Self.data("{\"x\": 1}\n{\"x\": 2}")
        let mapping = try BulkRunColumnMapping(pairs: ["x=${data.nope}"])
        let result = await BulkRunner(executor: executor, name: "u").run(data: data, mapping: mapping)
        #expect(result.status == .failed)
        #expect(result.lines.isEmpty)
        #expect(result.error?.message.contains("Couldn't find these mapping relations: ${data.nope}") == true)
        #expect(result.error?.message.contains("The data has the columns x") == true)
    }

    @Test func badMappingAndDataAreUserErrors() throws {
        #expect(throws: FlowRunError.self) { try BulkRunColumnMapping(pairs: ["novalue"]) }
        #expect {
            try BulkRunData(contentsOf: URL(fileURLWithPath: "/nonexistent/data.jsonl"))
        } throws: { ($0 as? FlowRunError)?.message.contains("does not exist") == true }
        #expect(throws: FlowRunError.self) { try BulkRunData(jsonl: Array("\n  \n".utf8)) }
        #expect(throws: FlowRunError.self) { try BulkRunColumnMapping.column(of: "${run.outputs.x}") }
        #expect(try BulkRunColumnMapping.column(of: "${data.a.b}") == "a.b")
        #expect(try BulkRunColumnMapping.column(of: "plain") == nil)
    }

    @Test func runFolderHoldsRecordOutputsErrorsMetricsAndSnapshot() async throws {
        let flowFolder = try EngineFlowFolder(Self.failing)
        let flow = try flowFolder.load()
        let (executor, pool) = try await Self.executor(flow)
        defer { pool.shutdown() }
        let data = try Self.data("{\"x\": 2}\n{\"x\": 1}\n{\"x\": 3}")
        let result = await BulkRunner(executor: executor, name: "r1", concurrency: 3).run(data: data)
        let runs = FileManager.default.temporaryDirectory.appendingPathComponent("flowgate-runs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: runs) }
        let folder = try BulkRunFolder.create(in: runs, name: "r1", flowDirectory: flow.directory)
        let dataURL = URL(fileURLWithPath: "/data/in.jsonl")
        let record = BulkRunFolder.record(
            of: result, name: "r1", flow: flow.directory, data: dataURL, variant: nil,
            mapping: try BulkRunColumnMapping(pairs: ["x=${data.x}"]), concurrency: 3)
        try folder.write(result, record: record)

        let read = try folder.record()
        #expect(read.name == "r1")
        #expect(abs(read.startTime.timeIntervalSince(record.startTime)) < 0.002)
        #expect(abs(read.endTime.timeIntervalSince(record.endTime)) < 0.002)
        #expect(read.duration == record.duration)
        #expect(read.status == .completed)
        #expect(read.lines == .init(total: 3, completed: 2, failed: 1))
        #expect(read.columnMapping == ["x": "${data.x}"])
        #expect(read.data == "/data/in.jsonl")
        #expect(read.flow == flow.directory.standardizedFileURL.path)
        #expect(try folder.metrics() == ["total": 40, "lines.variant_0": 2])
        let outputs = try String(contentsOf: folder.url.appendingPathComponent("outputs.jsonl"), encoding: .utf8)
        #expect(outputs == "{\"line_number\": 1, \"y\": 10}\n{\"line_number\": 2, \"y\": 30}\n")
        let errors = try String(contentsOf: folder.url.appendingPathComponent("errors.jsonl"), encoding: .utf8)
        #expect(errors.hasPrefix("{\"line_number\": 0, \"error\": {\"code\": \"UserError\", \"message\": "))
        let snapshot = folder.url.appendingPathComponent("snapshot")
        #expect(FileManager.default.fileExists(atPath: snapshot.appendingPathComponent("flow.dag.yaml").path))
        #expect(FileManager.default.fileExists(atPath: snapshot.appendingPathComponent("check.py").path))
        #expect(BulkRunFolder.list(in: runs).map(\.name) == ["r1"])
        #expect(throws: FlowRunError.self) {
            try BulkRunFolder.create(in: runs, name: "r1", flowDirectory: flow.directory)
        }
        #expect(throws: FlowRunError.self) {
            try BulkRunFolder.create(in: runs, name: "../escape", flowDirectory: flow.directory)
        }
    }

    @Test func variantIsUsedForEveryLine() async throws {
        let folder = try EngineFlowFolder([
            "a.jinja2": "A {{x}}",
            "b.jinja2": "B {{x}}",
            "flow.dag.yaml": """
                inputs:
                  x: {type: string}
                outputs:
                  out: {reference: '${greet.output}'}
                nodes:
                - {name: greet, use_variants: true}
                node_variants:
                  greet:
                    default_variant_id: variant_0
                    variants:
                      variant_0:
                        node: {type: prompt, source: {type: code, path: a.jinja2}, inputs: {x: '${inputs.x}'}}
                      variant_1:
                        node: {type: prompt, source: {type: code, path: b.jinja2}, inputs: {x: '${inputs.x}'}}
                """,
        ])
        let executor = try await FlowExecutor(flow: try folder.load())
        let data = try Self.data("{\"x\": \"one\"}\n{\"x\": \"two\"}")
        let chosen = await BulkRunner(executor: executor, name: "v", variant: "${greet.variant_1}").run(data: data)
        #expect(chosen.lines.map { $0.outputs?["out"] } == ["B one", "B two"])
        let plain = await BulkRunner(executor: executor, name: "v").run(data: data)
        #expect(plain.lines.map { $0.outputs?["out"] } == ["A one", "A two"])
        let unknown = await BulkRunner(executor: executor, name: "v", variant: "${greet.variant_9}").run(data: data)
        #expect(unknown.status == .failed)
    }
}

/// Progress reports in the order they were made.
final class ProgressLog: Sendable {
    private let log = Mutex<[BulkRunProgress]>([])
    func append(_ progress: BulkRunProgress) { log.withLock { $0.append(progress) } }
    var values: [BulkRunProgress] { log.withLock { $0 } }
}
