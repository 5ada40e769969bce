import FlowEngine
import FlowSpec
import Hummingbird
import Logging
import Telemetry

/// One flow served over HTTP with promptflow's contract (COMPAT §C): `/score`, `/health`, `/version` and the
/// telemetry routes. One executor per server; runs are admitted, timed out and cancelled per `limits`.
/// `init` throws when the flow folder's `samples.json` cannot be used (promptflow refuses to start too).
public final class FlowServer: Sendable {
    public let executor: FlowExecutor
    public let configuration: FlowServerConfiguration
    /// Metrics, spans and the trace store behind `/metrics` and `/traces`.
    public let telemetry: ServingTelemetry
    let logger: Logger
    let samples: NodeSamples
    let admission: RunAdmission
    /// Outputs never returned (`evaluation_only`, or everything not in `PROMPTFLOW_RESPONSE_INCLUDED_FIELDS`).
    let hiddenOutputs: Set<String>
    /// Served outputs that take a node's whole output: the ones that can arrive as a stream.
    let streamableOutputs: [String]
    let healthBody: ByteBuffer
    let versionBody: ByteBuffer
    /// `GET /swagger.json`, built once.
    public let swaggerBody: ByteBuffer

    public init(
        executor: FlowExecutor, configuration: FlowServerConfiguration = FlowServerConfiguration(),
        telemetry: ServingTelemetry? = nil, logger: Logger = Logger(label: "flowgate.serve")
    ) throws(FlowServerConfigurationError) {
        self.executor = executor
        self.configuration = configuration
        self.telemetry =
            telemetry ?? ServingTelemetry(configuration: TelemetryConfiguration(flowName: executor.flow.name))
        self.samples = NodeSamples(flow: executor.flow)
        self.logger = logger
        self.admission = RunAdmission(
            maxRunning: configuration.limits.maxConcurrentRuns, maxQueued: configuration.limits.maxQueuedRuns)
        let flow = executor.flow
        let hidden: [String]
        if let included = configuration.includedFields {
            hidden = flow.outputs.map(\.name).filter { !included.contains($0) }
        } else {
            hidden = flow.outputs.filter(\.evaluationOnly).map(\.name)
        }
        self.hiddenOutputs = Set(hidden)
        self.streamableOutputs = flow.outputs.compactMap { output in
            guard case .nodeOutput(let node, let path) = output.reference, path.isEmpty,
                !(flow.node(node)?.aggregation ?? false), !hidden.contains(output.name)
            else { return nil }
            return output.name
        }
        let health: FlowValue = ["status": "Healthy", "version": .string(configuration.version)]
        self.healthBody = FlaskJSON.body(health)
        var version = configuration.version
        if case .object(let info)? = try? FlowValue(json: configuration.buildInfo), let number = info["build_number"] {
            version = number.stringValue ?? number.json(.compact)
        }
        let versionValue: FlowValue = [
            "status": "Healthy", "build_info": .string(configuration.buildInfo), "version": .string(version),
        ]
        self.versionBody = FlaskJSON.body(versionValue)
        let samples: FlowValue?
        do {
            samples = try SwaggerDocument.loadSamples(flowDirectory: flow.directory)
        } catch {
            throw FlowServerConfigurationError(error.message)
        }
        let swagger = SwaggerDocument.build(
            flow: Self.swaggerView(of: flow), samples: samples, includedFields: configuration.includedFields)
        self.swaggerBody = ByteBuffer(bytes: SwaggerDocument.body(swagger))
    }

    /// The flow being served.
    public var flow: Flow { executor.flow }

    /// The flow as promptflow describes it in swagger: a flex flow's inputs are its entry's (the executor's flow
    /// holds them), and pf writes their defaults as Python's `str()` of the value (`"1"`, `"False"`).
    static func swaggerView(of flow: Flow) -> Flow {
        guard flow.kind == .flex else { return flow }
        var view = flow
        for index in view.inputs.indices {
            if let value = view.inputs[index].defaultValue {
                view.inputs[index].defaultValue = .string(PythonRepr.str(value))
            }
        }
        return view
    }
}
