import Foundation

/// A chat role. The parser only produces the five roles promptflow accepts
/// (`system`, `user`, `assistant`, `function`, `tool`); decoding keeps any other string.
public struct ChatRole: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    public static let system: ChatRole = "system"
    public static let user: ChatRole = "user"
    public static let assistant: ChatRole = "assistant"
    public static let function: ChatRole = "function"
    public static let tool: ChatRole = "tool"

    /// The roles a chat prompt may use as markers, in promptflow's order (`VALID_ROLES`).
    public static let promptRoles: [ChatRole] = [.system, .user, .assistant, .function, .tool]

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// One part of a multi-part message content (OpenAI's `content: [...]`).
public enum ChatContentPart: Sendable, Equatable, Codable {
    /// `{"type": "text", "text": ...}`
    case text(String)
    /// `{"type": "image_url", "image_url": {"url": ..., "detail": ...}}`
    case imageURL(url: String, detail: String?)

    private enum CodingKeys: String, CodingKey { case type, text, image_url }
    private enum ImageKeys: String, CodingKey { case url, detail }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "text":
            self = .text(try c.decode(String.self, forKey: .text))
        case "image_url":
            let image = try c.nestedContainer(keyedBy: ImageKeys.self, forKey: .image_url)
            self = .imageURL(
                url: try image.decode(String.self, forKey: .url),
                detail: try image.decodeIfPresent(String.self, forKey: .detail))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c, debugDescription: "unsupported content part type '\(type)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text(let text):
            try c.encode("text", forKey: .type)
            try c.encode(text, forKey: .text)
        case .imageURL(let url, let detail):
            try c.encode("image_url", forKey: .type)
            var image = c.nestedContainer(keyedBy: ImageKeys.self, forKey: .image_url)
            try image.encode(url, forKey: .url)
            try image.encodeIfPresent(detail, forKey: .detail)
        }
    }
}

/// A message's content: a plain string, or a list of parts when images are present.
public enum ChatContent: Sendable, Equatable, Codable, ExpressibleByStringLiteral {
    case text(String)
    case parts([ChatContentPart])

    public init(stringLiteral value: String) { self = .text(value) }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) {
            self = .text(s)
        } else {
            self = .parts(try c.decode([ChatContentPart].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .text(let s): try c.encode(s)
        case .parts(let p): try c.encode(p)
        }
    }

    /// The text of the content; for parts, the text parts joined with "\n".
    public var text: String {
        switch self {
        case .text(let s): return s
        case .parts(let parts):
            return parts.compactMap { if case .text(let t) = $0 { return t } else { return nil } }
                .joined(separator: "\n")
        }
    }
}

/// A chat message in OpenAI's JSON shape:
/// `{"role", "content", "name", "tool_calls", "tool_call_id"}`; absent fields are omitted when encoding.
///
/// `content` is nil only for an assistant message that carries `tool_calls` (promptflow sets no
/// `content` key then).
public struct ChatMessage: Sendable, Equatable, Codable {
    public var role: ChatRole
    public var content: ChatContent?
    public var name: String?
    /// The `tool_calls` list as written in the prompt (a Python/JSON list), e.g.
    /// `[{"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]`.
    public var toolCalls: [JSONValue]?
    public var toolCallID: String?

    public init(
        role: ChatRole, content: ChatContent? = nil, name: String? = nil,
        toolCalls: [JSONValue]? = nil, toolCallID: String? = nil
    ) {
        self.role = role
        self.content = content
        self.name = name
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
    }

    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: .system, content: .text(text)) }
    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: .user, content: .text(text)) }
    public static func assistant(_ text: String) -> ChatMessage {
        ChatMessage(role: .assistant, content: .text(text))
    }

    private enum CodingKeys: String, CodingKey {
        case role, content, name
        case toolCalls = "tool_calls"
        case toolCallID = "tool_call_id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        role = try c.decode(ChatRole.self, forKey: .role)
        content = try c.decodeIfPresent(ChatContent.self, forKey: .content)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        toolCalls = try c.decodeIfPresent([JSONValue].self, forKey: .toolCalls)
        toolCallID = try c.decodeIfPresent(String.self, forKey: .toolCallID)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(role, forKey: .role)
        try c.encodeIfPresent(content, forKey: .content)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(toolCalls, forKey: .toolCalls)
        try c.encodeIfPresent(toolCallID, forKey: .toolCallID)
    }
}
