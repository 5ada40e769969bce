import LLM

extension LLMEndpoint {
    /// The endpoint an llm node reaches through `connection` (`open_ai`, `azure_open_ai`, `serverless`).
    static func from(_ connection: Connection, node: String) throws(FlowRunError) -> LLMEndpoint {
        switch connection.type {
        case "open_ai":
            return .openAI(
                apiKey: connection["api_key"] ?? "", organization: connection["organization"],
                baseURL: connection["base_url"])
        case "azure_open_ai":
            return .azure(
                apiBase: connection["api_base"] ?? "", apiKey: connection["api_key"] ?? "",
                apiVersion: connection["api_version"] ?? "2024-02-01")
        case "serverless":
            return .serverless(apiBase: connection["api_base"] ?? "", apiKey: connection["api_key"] ?? "")
        default:
            throw .user(
                "Node '\(node)': connection '\(connection.name)' of type '\(connection.type)' cannot be used by an "
                    + "llm node; use an open_ai, azure_open_ai or serverless connection.",
                node: node)
        }
    }
}
