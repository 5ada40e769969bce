/// The request parameters of a chat or completion call (COMPAT §B), in promptflow's names.
/// Empty values (nil, "", [] and {}) are never sent; `extra` carries other API fields (`suffix`, `echo`, ...).
public struct LLMParameters: Sendable, Equatable {
    /// OpenAI model name; on Azure, used as the deployment when `deploymentName` is nil.
    public var model: String?
    /// Azure OpenAI deployment name (the URL path segment).
    public var deploymentName: String?
    public var temperature: Double?
    public var topP: Double?
    public var n: Int?
    public var stop: [String]?
    public var maxTokens: Int?
    public var presencePenalty: Double?
    public var frequencyPenalty: Double?
    public var logitBias: JSONValue?
    public var user: String?
    public var tools: [JSONValue]?
    public var toolChoice: JSONValue?
    public var functions: [JSONValue]?
    public var functionCall: JSONValue?
    public var responseFormat: JSONValue?
    public var seed: Int?
    /// Further body fields sent as given (unless empty), e.g. `suffix`, `echo`, `logprobs`, `best_of`.
    public var extra: [String: JSONValue]

    public init(
        model: String? = nil, deploymentName: String? = nil, temperature: Double? = nil, topP: Double? = nil,
        n: Int? = nil, stop: [String]? = nil, maxTokens: Int? = nil, presencePenalty: Double? = nil,
        frequencyPenalty: Double? = nil, logitBias: JSONValue? = nil, user: String? = nil,
        tools: [JSONValue]? = nil, toolChoice: JSONValue? = nil, functions: [JSONValue]? = nil,
        functionCall: JSONValue? = nil, responseFormat: JSONValue? = nil, seed: Int? = nil,
        extra: [String: JSONValue] = [:]
    ) {
        self.model = model
        self.deploymentName = deploymentName
        self.temperature = temperature
        self.topP = topP
        self.n = n
        self.stop = stop
        self.maxTokens = maxTokens
        self.presencePenalty = presencePenalty
        self.frequencyPenalty = frequencyPenalty
        self.logitBias = logitBias
        self.user = user
        self.tools = tools
        self.toolChoice = toolChoice
        self.functions = functions
        self.functionCall = functionCall
        self.responseFormat = responseFormat
        self.seed = seed
        self.extra = extra
    }

    /// The names `init(arguments:)` reads; every other node input is a template variable.
    public static let parameterNames: Set<String> = [
        "model", "deployment_name", "temperature", "top_p", "n", "stream", "stop", "max_tokens",
        "presence_penalty", "frequency_penalty", "logit_bias", "user", "tools", "tool_choice", "functions",
        "function_call", "response_format", "seed", "suffix", "echo", "logprobs", "best_of",
    ]

    /// Reads an llm node's inputs the way promptflow's `chat`/`completion` tools do: numbers given as
    /// strings are converted, `max_tokens: "inf"` means no limit, a single `stop` string becomes a list.
    /// Names outside `parameterNames` are ignored (`stream` too: the call chooses streaming).
    public init(arguments: [String: JSONValue]) throws(LLMError) {
        self.init()
        func value(_ name: String) -> JSONValue? {
            guard let v = arguments[name], !v.isEmptyParameter else { return nil }
            return v
        }
        func string(_ name: String) throws(LLMError) -> String? {
            guard let v = value(name) else { return nil }
            switch v {
            case .string(let s): return s
            case .int(let i): return String(i)
            case .double(let d): return String(d)
            case .bool(let b): return b ? "True" : "False"
            default: throw Self.typeError(name, "a string")
            }
        }
        func double(_ name: String) throws(LLMError) -> Double? {
            guard let v = value(name) else { return nil }
            if let d = v.doubleValue { return d }
            if let s = v.stringValue, let d = Double(s.trimmingSpaces) { return d }
            throw Self.typeError(name, "a number")
        }
        func int(_ name: String) throws(LLMError) -> Int? {
            guard let v = value(name) else { return nil }
            if let i = v.intValue { return i }
            if let s = v.stringValue {
                if let i = Int(s.trimmingSpaces) { return i }
                if let d = Double(s.trimmingSpaces), d.rounded() == d, abs(d) < 9.0e18 { return Int(d) }
            }
            throw Self.typeError(name, "an integer")
        }
        model = try string("model")
        deploymentName = try string("deployment_name")
        temperature = try double("temperature")
        topP = try double("top_p")
        n = try int("n")
        if let stopValue = value("stop") {
            switch stopValue {
            case .string(let s): stop = [s]
            case .array(let items):
                stop = try items.map { (item) throws(LLMError) -> String in
                    guard let s = item.stringValue else { throw Self.typeError("stop", "a list of strings") }
                    return s
                }
            default: throw Self.typeError("stop", "a list of strings")
            }
        }
        if let s = value("max_tokens")?.stringValue, s.trimmingSpaces.lowercased() == "inf" {
            maxTokens = nil
        } else {
            maxTokens = try int("max_tokens")
        }
        presencePenalty = try double("presence_penalty")
        frequencyPenalty = try double("frequency_penalty")
        logitBias = value("logit_bias")
        user = try string("user")
        if let t = value("tools") {
            guard let list = t.arrayValue else { throw Self.typeError("tools", "a list") }
            tools = list
        }
        toolChoice = value("tool_choice")
        if let f = value("functions") {
            guard let list = f.arrayValue else { throw Self.typeError("functions", "a list") }
            functions = list
        }
        functionCall = value("function_call")
        responseFormat = value("response_format")
        seed = try int("seed")
        for name in ["suffix", "echo", "logprobs", "best_of"] {
            if let v = value(name) { extra[name] = v }
        }
    }

    static func typeError(_ name: String, _ expected: String) -> LLMError {
        .invalidRequest("The llm parameter '\(name)' must be \(expected).")
    }

    /// True when the result is the whole message (promptflow: `if functions or tools`).
    var returnsMessage: Bool { !(tools ?? []).isEmpty || !(functions ?? []).isEmpty }
}

extension String {
    fileprivate var trimmingSpaces: Substring {
        var s = Substring(self)
        while let first = s.first, first.isWhitespace { s = s.dropFirst() }
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return s
    }
}
