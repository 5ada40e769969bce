/// A `.prompty` file: its front matter (name, model, inputs, outputs, sample) and the template body.
/// `${env:NAME}` and `${file:path}` values are kept as written; file references are checked to stay in the folder.
public struct PromptySpec: Sendable, Equatable {
    /// The `model` section.
    public struct Model: Sendable, Equatable {
        /// `chat` (the default) or `completion`.
        public var api: Node.API
        /// `type`, `azure_deployment`, `connection`, `api_key`, … as written (`${env:…}` not resolved).
        public var configuration: FlowObject
        public var parameters: FlowObject
        /// `first` (the default) or `all`.
        public var response: String?

        public init(
            api: Node.API = .chat, configuration: FlowObject = [:], parameters: FlowObject = [:],
            response: String? = nil
        ) {
            self.api = api
            self.configuration = configuration
            self.parameters = parameters
            self.response = response
        }
    }

    /// The prompty file name, relative to the flow folder.
    public var file: String
    public var name: String?
    public var description: String?
    public var model: Model
    /// `sample` as an inline value, or the `${file:…}` string.
    public var sample: FlowValue?
    /// Other front matter keys (`version`, `authors`, `tags`, …).
    public var extra: FlowObject
    /// The template after the closing `---`.
    public var template: String
    /// The 1-based line of the file where the template starts.
    public var templateLine: Int
    /// Names from `${env:NAME}` values in the model configuration, in order.
    public var environmentReferences: [String]
    /// Paths from `${file:path}` values (configuration and sample), relative to the flow folder.
    public var fileReferences: [String]

    public init(
        file: String, name: String? = nil, description: String? = nil, model: Model = Model(), sample: FlowValue? = nil,
        extra: FlowObject = [:], template: String, templateLine: Int, environmentReferences: [String] = [],
        fileReferences: [String] = []
    ) {
        self.file = file
        self.name = name
        self.description = description
        self.model = model
        self.sample = sample
        self.extra = extra
        self.template = template
        self.templateLine = templateLine
        self.environmentReferences = environmentReferences
        self.fileReferences = fileReferences
    }
}
