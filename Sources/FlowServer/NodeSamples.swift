import FlowEngine
import FlowSpec
import Telemetry

/// The engine's node records as telemetry's `NodeSample`s: kind from the flow, model and tokens for LLM calls,
/// the error's code (never its message); with `recording`, each node's inputs and output as compact JSON (the
/// engine's records name a connection argument by its name only, never its secrets).
struct NodeSamples: Sendable {
    let flow: Flow

    func samples(
        _ records: [NodeRunRecord], streamed: FlowRunResult.StreamedOutput? = nil, recording: Bool = false
    ) -> [NodeSample] {
        records.map { record in
            let kind = self.kind(of: record.node)
            var usage = record.usage
            if usage == nil, let streamed, streamed.node == record.node { usage = streamed.usage?.usage }
            var model: String?
            if kind == "llm" || kind == "prompty" || kind == "custom_llm" {
                model = record.model ?? (record.inputs["deployment_name"] ?? record.inputs["model"])?.stringValue
                if model == nil, let configuration = flow.prompty?.model.configuration {
                    model = (configuration["azure_deployment"] ?? configuration["model"])?.stringValue
                }
                model = model ?? "unknown"
            }
            var sample = NodeSample(
                name: record.node, status: record.status.rawValue, start: record.startTime, end: record.endTime,
                kind: kind, model: model, promptTokens: usage?.promptTokens, completionTokens: usage?.completionTokens,
                error: record.status == .failed ? "UserError" : nil)
            if recording, record.status != .bypassed {
                var inputs = record.inputs
                // An llm node's connection is the tool's first argument in promptflow's traces: by name.
                if inputs["connection"] == nil, let connection = flow.node(record.node)?.connection {
                    inputs["connection"] = .string(connection)
                }
                sample.inputs = FlowValue.object(inputs).json(.compact)
                sample.output = record.output?.json(.compact)
            }
            return sample
        }
    }

    func kind(of node: String) -> String {
        switch flow.kind {
        case .prompty: return "prompty"
        case .flex: return "flex"
        default: return flow.node(node)?.kind?.rawValue ?? "python"
        }
    }
}
