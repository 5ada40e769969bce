import Foundation

/// A tool function's signature as Python sees it: name, parameters in order, sync/async/generator,
/// and the keyword arguments given to its `@tool(...)` decorator.
public struct ToolSignature: Sendable, Equatable, Decodable {
    /// The function's `__name__`.
    public var name: String
    /// Parameters in declaration order.
    public var parameters: [ToolParameter]
    /// A generator or async generator function.
    public var isGenerator: Bool
    /// A coroutine or async generator function.
    public var isAsync: Bool
    /// `@tool(name=..., description=..., type=..., **kwargs)` values that were given, as JSON.
    public var toolArguments: [String: Data]

    public init(
        name: String, parameters: [ToolParameter], isGenerator: Bool, isAsync: Bool, toolArguments: [String: Data] = [:]
    ) {
        self.name = name
        self.parameters = parameters
        self.isGenerator = isGenerator
        self.isAsync = isAsync
        self.toolArguments = toolArguments
    }

    /// The parameter with this name.
    public func parameter(named name: String) -> ToolParameter? {
        parameters.first { $0.name == name }
    }

    private enum CodingKeys: String, CodingKey {
        case name, parameters, isGenerator, isAsync, toolArguments
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        parameters = try container.decode([ToolParameter].self, forKey: .parameters)
        isGenerator = try container.decode(Bool.self, forKey: .isGenerator)
        isAsync = try container.decode(Bool.self, forKey: .isAsync)
        let raw = try container.decodeIfPresent([String: RawJSON].self, forKey: .toolArguments) ?? [:]
        toolArguments = raw.mapValues(\.data)
    }
}
