import FlowSpec
import Foundation

/// Runs a flow over every line of a data file (promptflow's batch run): lines concurrently up to `concurrency`,
/// a failing line recorded without stopping the others, then the aggregation nodes once over the lists.
public struct BulkRunner: Sendable {
    public let executor: FlowExecutor
    /// Lines in flight at once (promptflow's default worker count is 4).
    public let concurrency: Int
    /// `${node.variant_id}`, when the run uses a variant other than the default.
    public let variant: String?
    /// The run's name, prefix of each line's run id.
    public let name: String

    public init(executor: FlowExecutor, name: String, concurrency: Int = 4, variant: String? = nil) {
        self.executor = executor
        self.name = name
        self.concurrency = max(1, concurrency)
        self.variant = variant
    }

    /// Runs every line of `data` mapped by `mapping`; `progress` is called after each line finishes.
    /// Never throws: a run-level problem gives a failed result, cancellation a canceled one.
    public func run(
        data: BulkRunData, mapping: BulkRunColumnMapping = BulkRunColumnMapping(),
        progress: (@Sendable (BulkRunProgress) -> Void)? = nil
    ) async -> BulkRunResult {
        let start = Date()
        let completedMapping = mapping.completed(for: executor.flow)
        do {
            _ = try executor.plan(variant: variant)
            try Self.checkColumns(completedMapping, in: data)
        } catch {
            return BulkRunResult(status: .failed, lines: [], error: error, startTime: start, endTime: Date())
        }
        let lines = await runLines(data: data, mapping: completedMapping, progress: progress)
        if Task.isCancelled {
            return BulkRunResult(status: .canceled, lines: lines, startTime: start, endTime: Date())
        }
        do {
            let aggregation = try await executor.runAggregation(
                lines: lines.compactMap { $0.succeeded ? $0.record : nil }, variant: variant)
            return BulkRunResult(
                status: .completed, lines: lines, aggregationOutputs: aggregation.outputs,
                metrics: aggregation.metrics, startTime: start, endTime: Date())
        } catch is CancellationError {
            return BulkRunResult(status: .canceled, lines: lines, startTime: start, endTime: Date())
        } catch let error as FlowRunError {
            return BulkRunResult(status: .failed, lines: lines, error: error, startTime: start, endTime: Date())
        } catch {
            return BulkRunResult(
                status: .failed, lines: lines, error: .system("Aggregation failed: \(error)"), startTime: start,
                endTime: Date())
        }
    }

    /// A mapped column that no well-formed line has fails the run before any line runs, naming the columns.
    static func checkColumns(_ mapping: [(input: String, value: String)], in data: BulkRunData) throws(FlowRunError) {
        let present = data.columnNames
        guard !present.isEmpty else { return }
        var missing: [String] = []
        for (input, value) in mapping where input != "line_number" {
            if let column = try BulkRunColumnMapping.column(of: value), !present.contains(column) {
                missing.append(value)
            }
        }
        guard missing.isEmpty else {
            throw .user(
                "The input for batch run is incorrect. Couldn't find these mapping relations: "
                    + "\(missing.joined(separator: ", ")). The data has the columns "
                    + "\(present.sorted().joined(separator: ", ")); check --column-mapping and the flow's inputs.")
        }
    }

    /// Every line, at most `concurrency` at a time, results in data order.
    func runLines(
        data: BulkRunData, mapping: [(input: String, value: String)],
        progress: (@Sendable (BulkRunProgress) -> Void)?
    ) async -> [BulkRunLineResult] {
        var results = [BulkRunLineResult?](repeating: nil, count: data.lines.count)
        var counts = BulkRunProgress(completed: 0, failed: 0, total: data.lines.count)
        await withTaskGroup(of: (Int, BulkRunLineResult).self) { group in
            var next = 0
            func startNext() {
                guard next < data.lines.count, !Task.isCancelled else { return }
                let index = next
                let line = data.lines[index]
                next += 1
                group.addTask { (index, await self.runLine(line, mapping: mapping)) }
            }
            for _ in 0..<concurrency { startNext() }
            while let (index, result) = await group.next() {
                results[index] = result
                if result.succeeded { counts.completed += 1 } else { counts.failed += 1 }
                progress?(counts)
                startNext()
            }
        }
        return results.enumerated().map { index, result in
            result
                ?? BulkRunLineResult(
                    lineNumber: data.lines[index].number, error: .user("The run was canceled before this line ran."))
        }
    }

    func runLine(_ line: BulkRunData.Line, mapping: [(input: String, value: String)]) async -> BulkRunLineResult {
        let inputs: FlowObject
        do {
            inputs = try BulkRunColumnMapping.apply(mapping, to: line.columns.get())
        } catch {
            return BulkRunLineResult(lineNumber: line.number, error: error)
        }
        do {
            let result = try await executor.run(inputs: inputs, runID: "\(name)_\(line.number)", variant: variant)
            return BulkRunLineResult(lineNumber: line.number, outputs: result.outputs, record: result.record)
        } catch let error as FlowRunError {
            return BulkRunLineResult(lineNumber: line.number, error: error, record: error.record)
        } catch is CancellationError {
            return BulkRunLineResult(lineNumber: line.number, error: .user("The run was canceled."))
        } catch {
            return BulkRunLineResult(lineNumber: line.number, error: .system("\(error)"))
        }
    }
}
