import Foundation

/// A flex entry's signature as Python sees it: what a call takes (the function's, or the instance's `__call__`),
/// its qualified name (`greet`, `Echo.__call__`), and a class's `__init__` parameters.
public struct EntrySignature: Sendable, Equatable, Decodable {
    /// The callable's parameters, generator and async flags.
    public var call: ToolSignature
    /// `__qualname__` of the called function: what promptflow names in `Execution failure in '…'`.
    public var qualifiedName: String
    /// Whether the entry is a class (built once with init values).
    public var isClass: Bool
    /// The class's `__init__` parameters without `self`; empty for a function.
    public var initParameters: [ToolParameter]
    /// The parameter name of a class's `__aggregate__(outputs)` method, when it has one.
    public var aggregateParameter: String?

    public init(
        call: ToolSignature, qualifiedName: String, isClass: Bool, initParameters: [ToolParameter] = [],
        aggregateParameter: String? = nil
    ) {
        self.call = call
        self.qualifiedName = qualifiedName
        self.isClass = isClass
        self.initParameters = initParameters
        self.aggregateParameter = aggregateParameter
    }

    private enum CodingKeys: String, CodingKey {
        case qualifiedName = "qualname"
        case isClass, initParameters, aggregateParameter
    }

    public init(from decoder: any Decoder) throws {
        call = try ToolSignature(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        qualifiedName = try container.decodeIfPresent(String.self, forKey: .qualifiedName) ?? call.name
        isClass = try container.decodeIfPresent(Bool.self, forKey: .isClass) ?? false
        initParameters = try container.decodeIfPresent([ToolParameter].self, forKey: .initParameters) ?? []
        aggregateParameter = try container.decodeIfPresent(String.self, forKey: .aggregateParameter)
    }
}
