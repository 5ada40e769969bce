import FlowSpec
import PythonHost

/// One input of a flex flow's entry: from the callable's signature (annotation, Python default), with the type and
/// default `flow.flex.yaml` declares for it taking precedence.
struct FlexInput: Sendable {
    /// How a given value is turned into the argument.
    enum Kind: Sendable {
        /// Parsed like a DAG flow input of this type.
        case value(ValueType)
        /// A connection name, resolved to the connection object.
        case connection
        /// No annotation, default or declaration: passed as given.
        case untyped
    }

    var name: String
    var kind: Kind
    /// The declared default (`inputs.<name>.default`), applied when the request leaves the input out.
    var defaultValue: FlowValue?
    /// Whether the Python parameter has its own default, so the input may be left out.
    var hasPythonDefault: Bool

    var isRequired: Bool { defaultValue == nil && !hasPythonDefault }

    /// The entry's inputs: its parameters in order (not `*args`/`**kwargs`), typed from `declared` when the flow
    /// file lists them, else from the annotation or the default (promptflow's `param_to_definition`).
    static func inputs(of parameters: [ToolParameter], declared: [FlowInput]) -> [FlexInput] {
        parameters.compactMap { parameter -> FlexInput? in
            guard parameter.kind != "var_keyword", parameter.kind != "var_positional", parameter.name != "self"
            else { return nil }
            let declaration = declared.first { $0.name == parameter.name }
            let kind: Kind
            if let declaration {
                kind = .value(declaration.type)
            } else if parameter.annotation == nil && parameter.defaultValue == nil {
                kind = .untyped
            } else {
                switch PythonTool.parameterType(parameter) {
                case .connection: kind = .connection
                case .value(let type): kind = parameter.annotation == nil && type == .object ? .untyped : .value(type)
                }
            }
            // promptflow: a declared default of "" stands for the Python default (None), not for the empty string.
            let declaredDefault = declaration?.defaultValue.flatMap { $0 == .string("") ? nil : $0 }
            return FlexInput(
                name: parameter.name, kind: kind, defaultValue: declaredDefault,
                hasPythonDefault: parameter.hasDefault)
        }
    }
}
