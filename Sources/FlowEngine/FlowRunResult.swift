import FlowSpec

/// The outcome of a successful run: the outputs, at most one streamed output, and the run's record.
/// With a stream, `outputs` holds every other output (what promptflow's first SSE event carries).
public struct FlowRunResult: Sendable {
    /// A flow output whose value arrives as chunks.
    public struct StreamedOutput: Sendable {
        /// The flow output's name.
        public var name: String
        public var chunks: ChunkStream
        /// The tokens of a streamed LLM answer, filled in when the stream has ended (nil for generator tools).
        public var usage: StreamUsage?
        /// The node whose output this is.
        public var node: String?

        public init(name: String, chunks: ChunkStream, usage: StreamUsage? = nil, node: String? = nil) {
            self.name = name
            self.chunks = chunks
            self.usage = usage
            self.node = node
        }
    }

    /// Outputs in the flow's order, without the streamed one and without outputs of aggregation nodes.
    public var outputs: FlowObject
    public var stream: StreamedOutput?
    public var record: FlowRunRecord
    /// A prompty (or flex) flow's answer when it is not a dict: serving returns it as a bare JSON value.
    /// `outputs` then holds it as `output`.
    public var bareOutput: FlowValue?

    public init(outputs: FlowObject, stream: StreamedOutput? = nil, record: FlowRunRecord, bareOutput: FlowValue? = nil) {
        self.outputs = outputs
        self.stream = stream
        self.record = record
        self.bareOutput = bareOutput
    }

    /// All outputs in the flow's order, the streamed one joined into a string.
    public func joinedOutputs(order: [String]) async throws -> FlowObject {
        guard let stream else { return outputs }
        var text = ""
        for try await chunk in stream.chunks { text += chunk }
        var result = FlowObject()
        for name in order {
            if name == stream.name {
                result[name] = .string(text)
            } else if let value = outputs[name] {
                result[name] = value
            }
        }
        return result
    }
}
