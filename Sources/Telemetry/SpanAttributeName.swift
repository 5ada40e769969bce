/// Attribute keys Flowgate writes on spans: promptflow's tracing names where promptflow has one
/// (`span_type`, `line_run_id`, `llm.usage.*`), OpenTelemetry's HTTP conventions for the request.
public enum SpanAttributeName {
    public static let spanType = "span_type"
    public static let framework = "framework"
    public static let runID = "line_run_id"
    public static let flowName = "flow_name"
    public static let httpMethod = "http.request.method"
    public static let urlPath = "url.path"
    public static let httpStatus = "http.response.status_code"
    public static let streaming = "streaming"
    public static let nodeName = "node_name"
    public static let nodeKind = "node_kind"
    public static let runStatus = "run_status"
    public static let model = "llm.response.model"
    public static let promptTokens = "llm.usage.prompt_tokens"
    public static let completionTokens = "llm.usage.completion_tokens"
    public static let totalTokens = "llm.usage.total_tokens"
    /// promptflow-tracing's names for a function's arguments and result (JSON text).
    public static let inputs = "inputs"
    public static let output = "output"
    public static let feedback = "feedback"
    public static let errorType = "error.type"
}
