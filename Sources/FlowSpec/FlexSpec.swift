/// A flex flow (`flow.flex.yaml`): a Python entry, `module:function` or `module:Class`, and its init values.
/// A class entry is instantiated once with `init` values and called per request.
public struct FlexSpec: Sendable, Equatable {
    /// One `init` parameter of a class entry.
    public struct InitParameter: Sendable, Equatable {
        public var name: String
        /// A `ValueType` name or a connection / model-config class name (`AzureOpenAIConnection`, …).
        public var type: String
        public var defaultValue: FlowValue?

        public init(name: String, type: String, defaultValue: FlowValue? = nil) {
            self.name = name
            self.type = type
            self.defaultValue = defaultValue
        }
    }

    /// The flex file name, relative to the flow folder.
    public var file: String
    /// The entry as written, `module:attribute`.
    public var entry: String
    /// The part before `:` (a dotted module path).
    public var module: String
    /// The part after `:` (a function or class name).
    public var attribute: String
    public var initParameters: [InitParameter]
    public var sample: FlowValue?

    public init(
        file: String, entry: String, module: String, attribute: String, initParameters: [InitParameter] = [],
        sample: FlowValue? = nil
    ) {
        self.file = file
        self.entry = entry
        self.module = module
        self.attribute = attribute
        self.initParameters = initParameters
        self.sample = sample
    }
}
