/// The descriptive top-level keys of a flow file (`$schema`, `type`, `description`, `display_name`, …).
/// They do not change how a flow runs, except `type: evaluation` and `message_format`.
public struct FlowMetadata: Sendable, Equatable {
    public var schema: String?
    public var type: String?
    public var description: String?
    public var displayName: String?
    public var tags: FlowObject
    public var language: String?
    public var messageFormat: String?

    public init(
        schema: String? = nil, type: String? = nil, description: String? = nil, displayName: String? = nil,
        tags: FlowObject = [:], language: String? = nil, messageFormat: String? = nil
    ) {
        self.schema = schema
        self.type = type
        self.description = description
        self.displayName = displayName
        self.tags = tags
        self.language = language
        self.messageFormat = messageFormat
    }
}
