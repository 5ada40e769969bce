/// What one promptflow connection type holds: its YAML type string, Python class, fields and which are secret.
/// The table follows promptflow 1.18's connection classes and their marshmallow schemas (defaults included).
public struct ConnectionSchema: Sendable, Hashable {
    /// One named field of a strong-typed connection.
    public struct Field: Sendable, Hashable {
        public let name: String
        public let isSecret: Bool
        public let isRequired: Bool
        public let defaultValue: String?

        public init(_ name: String, secret: Bool = false, required: Bool = false, default defaultValue: String? = nil) {
            self.name = name
            self.isSecret = secret
            self.isRequired = required
            self.defaultValue = defaultValue
        }
    }

    /// The YAML `type` (`azure_open_ai`).
    public let type: String
    /// The promptflow class name without `Connection` (`AzureOpenAI`); the class is this plus `Connection`.
    public let className: String
    /// The Python module holding the class.
    public let module: String
    /// The fields in promptflow's order; empty for `custom`, whose keys are free.
    public let fields: [Field]
    /// Whether `auth_mode: meid_token` is allowed, which drops the `api_key` requirement.
    public let supportsEntraID: Bool

    /// The Python class name the executor uses (`AzureOpenAIConnection`).
    public var pythonClassName: String { className + "Connection" }

    /// Whether this is the free-form `custom` type (`configs` and `secrets`).
    public var isCustom: Bool { type == "custom" }

    /// The field with this name, if the type has it.
    public func field(_ name: String) -> Field? { fields.first { $0.name == name } }

    /// The schema for a type written as promptflow accepts it: `azure_open_ai`, `AzureOpenAI` or `AzureOpenAIConnection`.
    public static func named(_ type: String) -> ConnectionSchema? {
        var key = type
        if key.hasSuffix("Connection") && key != "Connection" { key.removeLast("Connection".count) }
        let folded = key.replacingOccurrences(of: "_", with: "").lowercased()
        return all.first { $0.className.lowercased() == folded }
    }

    /// The YAML type strings Flowgate knows, for error messages.
    public static var knownTypes: [String] { all.map(\.type) }

    /// Every connection type promptflow 1.18 ships.
    public static let all: [ConnectionSchema] = [
        ConnectionSchema(
            type: "azure_open_ai", className: "AzureOpenAI",
            fields: [
                Field("api_key", secret: true), Field("api_base", required: true),
                Field("api_type", default: "azure"), Field("api_version", default: "2024-02-01"),
                Field("auth_mode", default: "key"), Field("resource_id"),
            ],
            supportsEntraID: true),
        ConnectionSchema(
            type: "open_ai", className: "OpenAI",
            fields: [Field("api_key", secret: true, required: true), Field("organization"), Field("base_url")]),
        ConnectionSchema(
            type: "serverless", className: "Serverless",
            fields: [Field("api_key", secret: true, required: true), Field("api_base", required: true)]),
        ConnectionSchema(type: "custom", className: "Custom", fields: []),
        ConnectionSchema(
            type: "cognitive_search", className: "CognitiveSearch",
            fields: [
                Field("api_key", secret: true), Field("api_base", required: true),
                Field("api_version", default: "2023-11-01"), Field("auth_mode", default: "key"),
            ],
            supportsEntraID: true),
        ConnectionSchema(type: "serp", className: "Serp", fields: [Field("api_key", secret: true, required: true)]),
        ConnectionSchema(
            type: "azure_content_safety", className: "AzureContentSafety",
            fields: [
                Field("api_key", secret: true, required: true), Field("endpoint", required: true),
                Field("api_version", default: "2023-10-01"), Field("api_type", default: "Content Safety"),
            ]),
        ConnectionSchema(
            type: "azure_ai_services", className: "AzureAIServices",
            fields: [
                Field("api_key", secret: true), Field("endpoint", required: true), Field("auth_mode", default: "key"),
            ],
            supportsEntraID: true),
        ConnectionSchema(
            type: "form_recognizer", className: "FormRecognizer",
            fields: [
                Field("api_key", secret: true, required: true), Field("endpoint", required: true),
                Field("api_version", default: "2023-07-31"), Field("api_type", default: "Form Recognizer"),
            ]),
        ConnectionSchema(
            type: "qdrant", className: "Qdrant", module: "promptflow_vectordb.connections",
            fields: [Field("api_key", secret: true, required: true), Field("api_base", required: true)]),
        ConnectionSchema(
            type: "weaviate", className: "Weaviate", module: "promptflow_vectordb.connections",
            fields: [Field("api_key", secret: true, required: true), Field("api_base", required: true)]),
    ]

    init(
        type: String, className: String, module: String = "promptflow.connections", fields: [Field],
        supportsEntraID: Bool = false
    ) {
        self.type = type
        self.className = className
        self.module = module
        self.fields = fields
        self.supportsEntraID = supportsEntraID
    }
}
