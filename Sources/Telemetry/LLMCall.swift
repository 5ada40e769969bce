/// The span of an LLM call made by a node: promptflow's LLM span shape (`span_type` `LLM`, the model,
/// prompt / completion / total tokens), a client span under the node's span.
enum LLMCall {
    /// The `api_call` dimension of RPC_Latency / RPC_Request and the span name: promptflow's name for chat calls.
    static let apiCall = "openai_chat"

    static func span(for sample: NodeSample, model: String, parent: SpanRecord, status: SpanRecord.Status)
        -> SpanRecord
    {
        var span = SpanRecord(
            traceID: parent.traceID, spanID: TraceContext.newSpanID(), parentSpanID: parent.spanID,
            traceState: parent.traceState, name: apiCall, kind: .client, startUnixNano: parent.startUnixNano,
            endUnixNano: parent.endUnixNano,
            attributes: [
                (SpanAttributeName.spanType, .string("LLM")), (SpanAttributeName.nodeName, .string(sample.name)),
                (SpanAttributeName.model, .string(model)),
            ],
            status: status)
        if let prompt = sample.promptTokens { span.setAttribute(SpanAttributeName.promptTokens, .int(prompt)) }
        if let completion = sample.completionTokens {
            span.setAttribute(SpanAttributeName.completionTokens, .int(completion))
        }
        if sample.promptTokens != nil || sample.completionTokens != nil {
            let total = (sample.promptTokens ?? 0) + (sample.completionTokens ?? 0)
            span.setAttribute(SpanAttributeName.totalTokens, .int(total))
        }
        if case .error(let message) = status { span.setAttribute(SpanAttributeName.errorType, .string(message)) }
        return span
    }
}
