import Foundation

/// An error turning a rendered chat prompt into messages: promptflow's user error, with its
/// exception class name (`exceptionType`) and its message, word for word.
public struct ChatPromptError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// Raw values are the LLM tool's class names.
        case invalidRole = "ChatAPIInvalidRole"
        case functionRoleInvalidFormat = "ChatAPIFunctionRoleInvalidFormat"
        case toolRoleInvalidFormat = "ChatAPIToolRoleInvalidFormat"
    }

    public var code: Code
    public var message: String
    /// promptflow's exception class: the code's raw value, except that the prompty parser calls an
    /// invalid role `ChatAPIInvalidRoleError`.
    public var exceptionType: String

    public init(code: Code, message: String, exceptionType: String? = nil) {
        self.code = code
        self.message = message
        self.exceptionType = exceptionType ?? code.rawValue
    }

    public var description: String { message }
}

/// An image input as the chat parser sees it: the text the image renders to in the prompt
/// (promptflow renders an image as `Image(<first 8 hex digits of the SHA-1 of its bytes>)`) and the
/// URL sent to the model (its source URL, else a `data:<mime>;base64,...` URL).
public struct ChatImage: Sendable, Equatable, Hashable {
    public var placeholder: String
    public var url: String
    public init(placeholder: String, url: String) {
        self.placeholder = placeholder
        self.url = url
    }
}

/// Turns a rendered chat prompt into messages, as promptflow's `parse_chat` does.
///
/// - A role marker is a line holding only `system:`, `user:`, `assistant:`, `function:` or `tool:`
///   (any case, optional leading `#`, whitespace around), ended by a newline. promptflow splits on
///   `(?i)^\s*#?\s*(system|user|assistant|function|tool)\s*:\s*\n` in multiline mode.
/// - Text before the first marker must be blank; otherwise it is taken as a role and rejected with
///   `ChatAPIInvalidRole` ("Current parsed role '<that text, stripped and lower-cased>'").
/// - A message's text is stripped (Python `str.strip()`); empty content is kept as `""`.
/// - `## name:` / `## content:` (anywhere in the text, `#`s optional) set `name` and `content`;
///   required for `function` messages.
/// - `tool` messages need `## tool_call_id:` / `## content:`.
/// - In an `assistant` message, `## tool_calls:` followed by a Python/JSON list sets `tool_calls`
///   and no content.
/// - A line equal (after stripping) to an image placeholder becomes an `image_url` part; the
///   content is then a list of parts, one text part per non-blank line.
public enum ChatPromptParser {
    /// promptflow has two copies of the parser that differ in one pattern.
    public enum Flavor: Sendable {
        /// The LLM node (promptflow-tools `common.py`): `tool_calls` takes the shortest `[...]`.
        case llmTool
        /// `.prompty` (promptflow-core `_prompty_utils.py`): the `[...]` must end the text; the
        /// escaper does not look into dicts.
        case prompty
    }

    static let roleSeparator = PyRegex(
        #"^{WS}*#?{WS}*(system|user|assistant|function|tool){WS}*:{WS}*\n"#,
        caseInsensitive: true, multiline: true)
    static let nameAndContent = PyRegex(
        #"\n*#{0,2}{WS}*name{WS}*:{WS}*\n+{WS}*({NWS}+){WS}*\n*#{0,2}{WS}*content{WS}*:{WS}*\n?(.*)"#,
        dotAll: true)
    static let toolCallIDAndContent = PyRegex(
        #"\n*#{0,2}{WS}*tool_call_id{WS}*:{WS}*\n+{WS}*({NWS}+){WS}*\n*#{0,2}{WS}*content{WS}*:{WS}*\n?(.*)"#,
        dotAll: true)
    static let toolCallsTool = PyRegex(#"\n*#{0,2}{WS}*tool_calls{WS}*:{WS}*\n+{WS}*(\[.*?\])"#, dotAll: true)
    static let toolCallsPrompty = PyRegex(
        #"\n*#{0,2}{WS}*tool_calls{WS}*:{WS}*\n+{WS}*(\[.*?\]){WS}*$"#, dotAll: true)
    static let imageMarkdown = PyRegex(
        #"\!\[({WS}*image{WS}*)\]\(\{\{({WS}*[^"# + PythonText.whitespaceClassBody + #"{}]+{WS}*)\}\}\)"#)

    /// promptflow's message for a role it does not accept.
    public static func invalidRoleMessage(_ role: String) -> String {
        let roles = ChatRole.promptRoles.map { "'\($0.rawValue):\\n'" }.joined(separator: ",")
        return
            "The Chat API requires a specific format for prompt definition, and the prompt should include separate "
            + "lines as role delimiters: \(roles). Current parsed role '\(role)'"
            + " does not meet the requirement. If you intend to use the Completion API, please select the appropriate"
            + " API type and deployment name. If you do intend to use the Chat API, please refer to the guideline at "
            + "https://aka.ms/pfdoc/chat-prompt or view the samples in our gallery that contain 'Chat' in the name."
    }

    public static let functionRoleInvalidFormatMessage =
        "Failed to parse function role prompt. Please make sure the prompt follows the "
        + "format: 'name:\\nfunction_name\\ncontent:\\nfunction_content'. "
        + "'name' is required if role is function, and it should be the name of the function "
        + "whose response is in the content. May contain a-z, A-Z, 0-9, and underscores, "
        + "with a maximum length of 64 characters. See more details in "
        + "https://platform.openai.com/docs/api-reference/chat/create#chat/create-name "
        + "or view sample 'How to use functions with chat models' in our gallery."

    public static let toolRoleInvalidFormatMessage =
        "Failed to parse tool role prompt. Please make sure the prompt follows the "
        + "format: 'tool_call_id:\\ntool_call_id\\ncontent:\\ntool_content'. "
        + "'tool_call_id' is required if role is tool, and it should be the tool call that this message is responding"
        + " to. See more details in https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages"

    /// Parses `rendered` into messages.
    ///
    /// - Parameters:
    ///   - images: the image inputs the template referenced; lines equal to their placeholders
    ///     become `image_url` parts.
    ///   - imageDetail: the `detail` of image parts (promptflow's default `auto`).
    ///   - escaper: the mapping used to escape the inputs; the messages come back unescaped, and an
    ///     invalid-role error shows the unescaped text (promptflow's `build_messages`).
    ///   - flavor: which of promptflow's two parsers to follow.
    public static func parse(
        _ rendered: String,
        images: [ChatImage] = [],
        imageDetail: String = "auto",
        escaper: RoleEscaper = RoleEscaper(),
        flavor: Flavor = .llmTool
    ) throws -> [ChatMessage] {
        var imagesByPlaceholder: [String: ChatImage] = [:]
        for image in images { imagesByPlaceholder[image.placeholder] = image }

        func content(_ text: String) -> ChatContent {
            toContent(text, images: imagesByPlaceholder, detail: imageDetail)
        }

        // The split alternates text and role words: text, role, text, role, text…
        var messages: [ChatMessage] = []
        var open = false  // the last message still waits for its text chunk

        for chunk in roleSeparator.split(rendered) {
            if open, let last = messages.last {
                var m = last
                if m.role == .tool {
                    guard let (id, text) = capture2(toolCallIDAndContent, chunk) else {
                        throw ChatPromptError(code: .toolRoleInvalidFormat, message: toolRoleInvalidFormatMessage)
                    }
                    m.toolCallID = id
                    m.content = content(text)
                } else if m.role == .assistant, Self.mentions("tool_calls", in: chunk),
                    let calls = parseToolCalls(chunk, pattern: flavor == .llmTool ? toolCallsTool : toolCallsPrompty)
                {
                    m.toolCalls = calls
                } else if Self.mentions("name", in: chunk), let (name, text) = capture2(nameAndContent, chunk) {
                    m.name = name
                    m.content = content(text)
                } else if m.role == .function {
                    throw ChatPromptError(
                        code: .functionRoleInvalidFormat, message: functionRoleInvalidFormatMessage)
                } else {
                    m.content = content(chunk)
                }
                messages[messages.count - 1] = m
                open = false
                continue
            }
            let stripped = PythonText.strip(chunk)
            if stripped.isEmpty { continue }
            let role = stripped.lowercased()
            guard ChatRole.promptRoles.contains(ChatRole(role)) else {
                throw ChatPromptError(
                    code: .invalidRole, message: invalidRoleMessage(escaper.unescape(role)),
                    exceptionType: flavor == .prompty ? "ChatAPIInvalidRoleError" : nil)
            }
            messages.append(ChatMessage(role: ChatRole(role)))
            open = true
        }
        return escaper.isEmpty ? messages : escaper.unescapeMessages(messages)
    }

    /// promptflow's `preprocess_template_string`: `![image]({{var}})` in a template becomes
    /// `\n{{var}}\n`, so the image's placeholder renders on a line of its own.
    public static func preprocessTemplate(_ template: String) -> String {
        var out = template
        for m in imageMarkdown.matches(template) {
            guard let g1 = m.groups[0], let g2 = m.groups[1] else { continue }
            let label = String(template[g1])
            let variable = String(template[g2])
            let original = "![\(label)]({{\(variable)}})"
            out = PythonText.replace(out, original, "\n{{\(variable)}}\n")
        }
        return out
    }

    /// Whether `word` occurs in `text`: the patterns above need their literal key word, so a chunk without it skips
    /// the regular expression (most message texts have no `name:` or `tool_calls:`).
    static func mentions(_ word: StaticString, in text: String) -> Bool {
        let needle = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard let first = needle.first else { return true }
        var text = text
        return text.withUTF8 { hay in
            guard hay.count >= needle.count else { return false }
            var index = 0
            let last = hay.count - needle.count
            while index <= last {
                if hay[index] == first, memcmp(hay.baseAddress! + index, needle.baseAddress!, needle.count) == 0 {
                    return true
                }
                index += 1
            }
            return false
        }
    }

    private static func capture2(_ regex: PyRegex, _ s: String) -> (String, String)? {
        guard let m = regex.search(s), let a = m.groups[0], let b = m.groups[1] else { return nil }
        return (String(s[a]), String(s[b]))
    }

    private static func parseToolCalls(_ chunk: String, pattern: PyRegex) -> [JSONValue]? {
        guard let m = pattern.search(chunk), let g = m.groups[0] else { return nil }
        guard case .array(let items)? = try? PythonLiteral.parse(String(chunk[g])) else { return nil }
        return items
    }

    /// promptflow's `to_content_str_or_list`.
    private static func toContent(_ text: String, images: [String: ChatImage], detail: String) -> ChatContent {
        let stripped = PythonText.strip(text)
        guard !images.isEmpty else { return .text(stripped) }
        var parts: [ChatContentPart] = []
        var includesImage = false
        // Python's split("\n") splits on code points ("\r\n" is one Swift Character).
        let lines = stripped.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { String(String.UnicodeScalarView($0)) }
        for line in lines {
            let key = PythonText.strip(line)
            if let image = images[key] {
                parts.append(.imageURL(url: image.url, detail: detail))
                includesImage = true
            } else if key.isEmpty {
                continue
            } else {
                parts.append(.text(line))
            }
        }
        return includesImage ? .parts(parts) : .text(stripped)
    }
}

extension ChatImage {
    /// promptflow's `str(Image)`: `Image(` + the first 8 hex digits of the SHA-1 of the bytes + `)`.
    public static func placeholder(forImageData data: Data) -> String {
        "Image(" + SHA1.hex(data).prefix(8) + ")"
    }

    /// An image from its bytes: the URL is `sourceURL` when the image came from one, else a
    /// `data:<mime>;base64,<bytes>` URL, as promptflow builds it.
    public init(data: Data, mimeType: String, sourceURL: String? = nil) {
        self.init(
            placeholder: Self.placeholder(forImageData: data),
            url: sourceURL ?? "data:\(mimeType.lowercased());base64,\(data.base64EncodedString())")
    }
}

/// SHA-1, only to name images the way promptflow does (not for security).
enum SHA1 {
    static func hex(_ data: Data) -> String {
        digest(Array(data)).map { String(format: "%02x", $0) }.joined()
    }

    static func digest(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        var bytes = message
        let bitLength = UInt64(message.count) * 8
        bytes.append(0x80)
        while bytes.count % 64 != 56 { bytes.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8((bitLength >> UInt64(shift)) & 0xFF)) }
        var w = [UInt32](repeating: 0, count: 80)
        for chunk in stride(from: 0, to: bytes.count, by: 64) {
            for t in 0..<16 {
                let b = chunk + t * 4
                w[t] =
                    UInt32(bytes[b]) << 24 | UInt32(bytes[b + 1]) << 16 | UInt32(bytes[b + 2]) << 8
                    | UInt32(bytes[b + 3])
            }
            for t in 16..<80 {
                let x = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16]
                w[t] = x << 1 | x >> 31
            }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for t in 0..<80 {
                let (f, k): (UInt32, UInt32)
                switch t {
                case 0..<20: (f, k) = ((b & c) | (~b & d), 0x5A82_7999)
                case 20..<40: (f, k) = (b ^ c ^ d, 0x6ED9_EBA1)
                case 40..<60: (f, k) = ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
                default: (f, k) = (b ^ c ^ d, 0xCA62_C1D6)
                }
                let temp = (a << 5 | a >> 27) &+ f &+ e &+ k &+ w[t]
                e = d
                d = c
                c = b << 30 | b >> 2
                b = a
                a = temp
            }
            h[0] = h[0] &+ a
            h[1] = h[1] &+ b
            h[2] = h[2] &+ c
            h[3] = h[3] &+ d
            h[4] = h[4] &+ e
        }
        return h.flatMap { v in [24, 16, 8, 0].map { UInt8((v >> UInt32($0)) & 0xFF) } }
    }
}
