import FlowEngine
import FlowSpec
import Foundation
import Logging
import PythonHost

/// Runs one line of an uploaded snapshot's flow without deploying it, as `flowgate flow test` does locally: the
/// server's connections (with request-given overrides), a variant, and Python workers kept per snapshot between
/// calls (`SnapshotWorkerPools`) so testing a flow again answers without starting Python again.
public final class SnapshotTester: Sendable {
    /// Defaults: 4 snapshots' pools at once, 2 workers each, stopped after 5 idle minutes.
    public static let defaultPoolLimit = 4
    public static let defaultWorkersPerPool = 2
    public static let defaultIdleTimeout: Duration = .seconds(300)
    /// How long one Python tool call of a test may take before it fails (a stuck tool must not keep its worker).
    public static let defaultPythonTimeout: Duration = .seconds(300)

    let snapshots: FlowSnapshots
    let connections: LocalConnectionStore
    let environment: [String: String]
    let pools: SnapshotWorkerPools
    let pythonTimeout: Duration

    public init(
        snapshots: FlowSnapshots, connections: LocalConnectionStore, environment: [String: String],
        environmentsDirectory: URL, logger: Logger, poolLimit: Int = SnapshotTester.defaultPoolLimit,
        workersPerPool: Int = SnapshotTester.defaultWorkersPerPool,
        idleTimeout: Duration = SnapshotTester.defaultIdleTimeout,
        pythonTimeout: Duration = SnapshotTester.defaultPythonTimeout
    ) {
        self.snapshots = snapshots
        self.connections = connections
        self.environment = environment
        self.pythonTimeout = pythonTimeout
        pools = SnapshotWorkerPools(limit: poolLimit, idleTimeout: idleTimeout) { flow, snapshotID in
            try await ServerRuns.workerPool(
                for: flow, size: workersPerPool, label: ["snapshot_test": .string(snapshotID)],
                environment: environment, environmentsDirectory: environmentsDirectory, logger: logger)
        }
    }

    /// The snapshots whose Python workers are kept now.
    public var pooledSnapshots: [String] { pools.snapshotIDs }

    /// Runs the request's line. A flow that fails (a tool's error, a missing connection) is a run whose outcome
    /// is the error; a wrong request (unknown snapshot, variant, a missing or mistyped input) throws
    /// `SnapshotTestError`. Call `finish()` on the run once a streamed answer has been read.
    public func test(_ request: SnapshotTestRequest) async throws -> SnapshotTestRun {
        let id = request.snapshotID
        guard FlowSnapshot.isValidID(id), snapshots.contains(id), let folder = snapshots.folder(of: id) else {
            throw SnapshotTestError.notFound("no snapshot '\(id.prefix(80))'")
        }
        var flow: Flow
        do {
            flow = try FlowLoader.load(path: folder.path)
        } catch {
            throw SnapshotTestError.badArgument(
                field: "snapshot", message: "the snapshot's flow does not validate: \(error.description)")
        }
        if let variant = request.variant {
            do {
                _ = try flow.variantSelection(variant)
            } catch {
                throw SnapshotTestError.badArgument(
                    field: "variant", message: error.diagnostics.map(\.message).joined(separator: "; "))
            }
        }
        let overrides = ConnectionOverrides(request.connections, flow: flow)
        flow = overrides.apply(to: flow)
        try await request.authorize?(overrides.needed(by: flow).map(\.connection))
        let runID = UUID().uuidString
        let pool: PythonWorkerPool?
        do {
            pool = try await pools.acquire(id, flow: flow)
        } catch let error as SnapshotTestError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return SnapshotTestRun(
                runID: runID, flow: flow,
                outcome: .failure(.system("the flow's Python environment could not start: \(error)")), release: {})
        }
        let pools = self.pools
        let release: @Sendable () -> Void = { if pool != nil { pools.release(id) } }
        let executor: FlowExecutor
        do {
            executor = try await FlowExecutor(
                flow: flow,
                connections: overrides.provider(
                    over: ConnectionResolver(providers: [connections], environment: environment)),
                pythonRunner: pool, pythonTimeout: pythonTimeout)
        } catch {
            release()
            if error is CancellationError { throw error }
            return SnapshotTestRun(runID: runID, flow: flow, outcome: .failure(Self.flowError(error)), release: {})
        }
        do {
            try Self.check(request.inputs, for: executor.flow.inputs)
            let result = try await executor.run(
                inputs: request.inputs, runID: runID, variant: request.variant, stream: request.stream)
            return SnapshotTestRun(runID: runID, flow: executor.flow, outcome: .success(result), release: release)
        } catch let error as FlowRunError {
            return SnapshotTestRun(runID: runID, flow: executor.flow, outcome: .failure(error), release: release)
        } catch {
            release()
            throw error
        }
    }

    /// Stops every kept Python worker; later tests are refused.
    public func shutdown() {
        pools.shutdown()
    }

    /// The inputs as the flow reads them, or the bad one named `inputs.NAME` (promptflow's message).
    static func check(_ given: FlowObject, for inputs: [FlowInput]) throws(SnapshotTestError) {
        for input in inputs {
            guard let value = given[input.name] else {
                guard input.isRequired else { continue }
                let missing = inputs.filter { $0.isRequired && given[$0.name] == nil }.map(\.name)
                throw .badArgument(
                    field: "inputs.\(input.name)",
                    message: "Required input fields \(PythonRepr.repr(strings: missing)) are missing in request data "
                        + PythonRepr.repr(.object(given)))
            }
            do {
                _ = try FlowInputParser.parse(value, as: input.type, name: input.name)
            } catch {
                throw .badArgument(field: "inputs.\(input.name)", message: error.message)
            }
        }
    }

    static func flowError(_ error: any Error) -> FlowRunError {
        (error as? FlowRunError) ?? .system("the flow could not start: \(error)")
    }
}
