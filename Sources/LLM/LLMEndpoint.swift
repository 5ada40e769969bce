/// Where and how to reach a model: built from a connection's fields (`open_ai`, `azure_open_ai`,
/// `serverless`). Any OpenAI-compatible server (llama.cpp, vLLM, Ollama) is `.openAI` with a `baseURL`.
public enum LLMEndpoint: Sendable, Equatable {
    /// OpenAI or an OpenAI-compatible server: `{baseURL}/chat/completions`, `Authorization: Bearer`.
    case openAI(apiKey: String, organization: String? = nil, baseURL: String? = nil)
    /// Azure OpenAI: `{apiBase}/openai/deployments/{deployment}/...?api-version=`, `api-key` header.
    case azure(apiBase: String, apiKey: String, apiVersion: String)
    /// A serverless (models-as-a-service) endpoint: OpenAI-compatible at `apiBase`, bearer key.
    case serverless(apiBase: String, apiKey: String)

    /// OpenAI's public API, used when an `open_ai` connection has no `base_url`.
    public static let defaultOpenAIBaseURL = "https://api.openai.com/v1"

    /// The operations the client calls.
    enum Operation: String {
        case chat = "chat/completions"
        case completion = "completions"
        case embeddings = "embeddings"
    }

    /// The API key, so that error texts can be scrubbed of it.
    var apiKey: String {
        switch self {
        case .openAI(let key, _, _), .azure(_, let key, _), .serverless(_, let key): return key
        }
    }

    var isAzure: Bool {
        if case .azure = self { return true }
        return false
    }

    /// The request URL for an operation; `deployment` is used on Azure only.
    func url(for operation: Operation, deployment: String?) throws(LLMError) -> String {
        switch self {
        case .openAI(_, _, let baseURL):
            let base = baseURL.flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultOpenAIBaseURL
            return Self.trimmingSlashes(base) + "/" + operation.rawValue
        case .serverless(let apiBase, _):
            guard !apiBase.isEmpty else { throw LLMError.invalidRequest("The connection has no api_base.") }
            return Self.trimmingSlashes(apiBase) + "/" + operation.rawValue
        case .azure(let apiBase, _, let apiVersion):
            guard !apiBase.isEmpty else { throw LLMError.invalidRequest("The connection has no api_base.") }
            guard let deployment, !deployment.isEmpty else {
                throw LLMError.invalidRequest("An Azure OpenAI call needs a deployment_name.")
            }
            var url = Self.trimmingSlashes(apiBase) + "/openai/deployments/"
            url += Self.percentEncodedPathSegment(deployment) + "/" + operation.rawValue
            if !apiVersion.isEmpty { url += "?api-version=" + Self.percentEncodedPathSegment(apiVersion) }
            return url
        }
    }

    /// Authentication and organization headers (never logged).
    var headers: [(String, String)] {
        switch self {
        case .openAI(let apiKey, let organization, _):
            var headers: [(String, String)] = []
            if !apiKey.isEmpty { headers.append(("Authorization", "Bearer " + apiKey)) }
            if let organization, !organization.isEmpty { headers.append(("OpenAI-Organization", organization)) }
            return headers
        case .serverless(_, let apiKey):
            return apiKey.isEmpty ? [] : [("Authorization", "Bearer " + apiKey)]
        case .azure(_, let apiKey, _):
            return apiKey.isEmpty ? [] : [("api-key", apiKey)]
        }
    }

    static func trimmingSlashes(_ s: String) -> String {
        var s = Substring(s)
        while s.last == "/" { s = s.dropLast() }
        return String(s)
    }

    static func percentEncodedPathSegment(_ s: String) -> String {
        var out = ""
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0xF)])
            }
        }
        return out
    }
}
