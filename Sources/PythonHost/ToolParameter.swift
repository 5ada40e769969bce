import Foundation

/// One parameter of a tool function: its annotation's name (`str`, `int`, `CustomConnection`,
/// `PromptTemplate`, … or nil when unannotated) and its default value as JSON when it has one.
public struct ToolParameter: Sendable, Equatable, Decodable {
    public var name: String
    /// The annotation's class name; `Optional[X]` is reported as `X`, `list[str]` as `list`.
    public var annotation: String?
    /// The default as JSON (`null` for None); nil when the parameter has no default.
    public var defaultValue: Data?
    /// Python's parameter kind: `positional_or_keyword`, `keyword_only`, `var_keyword`, …
    public var kind: String

    public init(name: String, annotation: String?, defaultValue: Data?, kind: String = "positional_or_keyword") {
        self.name = name
        self.annotation = annotation
        self.defaultValue = defaultValue
        self.kind = kind
    }

    /// Whether a call may leave this parameter out.
    public var hasDefault: Bool { defaultValue != nil || kind == "var_keyword" || kind == "var_positional" }

    private enum CodingKeys: String, CodingKey {
        case name, annotation, kind
        case defaultValue = "default"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        annotation = try container.decodeIfPresent(String.self, forKey: .annotation)
        kind = try container.decodeIfPresent(String.self, forKey: .kind) ?? "positional_or_keyword"
        defaultValue =
            container.contains(.defaultValue)
            ? try container.decode(RawJSON.self, forKey: .defaultValue).data : nil
    }
}
