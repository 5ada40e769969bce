import Foundation

/// Keeps role markers inside flow-input values from starting new chat messages, as promptflow's
/// `Escaper` does (promptflow-tools `common.py`).
///
/// promptflow's scheme, reproduced here:
/// 1. **Collect.** Every string value of the inputs to escape (the llm/prompt node inputs bound to
///    `${inputs.*}`; for a `.prompty`, all inputs), including strings nested in lists and in dict
///    *values* (never keys), is searched with the role-marker pattern
///    `(?i)^\s*#?\s*(system|user|assistant|function|tool)\s*:\s*\n` (multiline). Each captured role
///    word, with its case as written (`System`, `SYSTEM` and `system` are distinct), that is not yet
///    mapped gets a fresh token: promptflow uses `str(uuid.uuid4())`, so the default here is a random
///    lowercase UUID. The mapping is token → role word, in insertion order.
/// 2. **Escape.** Before rendering, every escaped input string gets each mapped role word replaced
///    by its token, everywhere in the string (a plain substring replace, not only on marker lines),
///    entry by entry in mapping order. Other values pass through.
/// 3. **Unescape.** After parsing, every token in each message's `role`, `name`, `tool_call_id` and
///    `content` (a string, or the `text` of text parts) is replaced by its role word. `tool_calls`
///    are left as they are (promptflow does not unescape them either). The invalid-role error
///    message is unescaped too.
///
/// A prompt tool's output carries its own mapping (promptflow's `PromptResult`); an llm node fed by
/// it merges that mapping first, then the one built from its own flow inputs (`merge`).
public struct RoleEscaper: Sendable, Equatable {
    /// One mapping entry: `token` stands for `role` (the role word as written, e.g. `System`).
    public struct Entry: Sendable, Equatable, Hashable {
        public var token: String
        public var role: String
        public init(token: String, role: String) {
            self.token = token
            self.role = role
        }
    }

    /// The mapping, in insertion order (promptflow's dict order).
    public private(set) var entries: [Entry] = []

    public init() {}

    public init(entries: [Entry]) {
        for e in entries { insert(e) }
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// promptflow's token: `str(uuid.uuid4())`, 36 lowercase characters.
    public static func randomToken() -> String { UUID().uuidString.lowercased() }

    /// A deterministic token source for tests and reproducible output: `prefix0`, `prefix1`, …
    /// Each call to the returned closure yields the next token.
    public static func sequentialTokens(prefix: String = "pf-escaped-role-") -> () -> String {
        var n = 0
        return {
            defer { n += 1 }
            return "\(prefix)\(n)"
        }
    }

    private static let markerRegex = PyRegex(
        #"^{WS}*#?{WS}*(system|user|assistant|function|tool){WS}*:{WS}*\n"#,
        caseInsensitive: true, multiline: true)

    /// The role words (case as written) of every role-marker line in `s`, in order, with repeats.
    public static func roleMarkers(in s: String) -> [String] {
        markerRegex.findAll(s)
    }

    /// Records the role words of `s`'s marker lines that are not mapped yet, each with a new token.
    public mutating func collect(_ s: String, makeToken: () -> String = RoleEscaper.randomToken) {
        for role in Self.roleMarkers(in: s) where !entries.contains(where: { $0.role == role }) {
            insert(Entry(token: makeToken(), role: role))
        }
    }

    /// `collect` over several strings (e.g. every string leaf of the inputs to escape).
    public mutating func collect(
        contentsOf strings: some Sequence<String>, makeToken: () -> String = RoleEscaper.randomToken
    ) {
        for s in strings { collect(s, makeToken: makeToken) }
    }

    /// Python's `{**self, **other}`: `other`'s entries are added; an existing token is overwritten
    /// in place.
    public mutating func merge(_ other: RoleEscaper) {
        for e in other.entries { insert(e) }
    }

    private mutating func insert(_ e: Entry) {
        if let i = entries.firstIndex(where: { $0.token == e.token }) {
            entries[i].role = e.role
        } else {
            entries.append(e)
        }
    }

    /// Replaces every mapped role word in `s` by its token (before rendering).
    public func escape(_ s: String) -> String {
        var out = s
        for e in entries { out = PythonText.replace(out, e.role, e.token) }
        return out
    }

    /// Replaces every token in `s` by its role word (after parsing).
    public func unescape(_ s: String) -> String {
        var out = s
        for e in entries { out = PythonText.replace(out, e.token, e.role) }
        return out
    }

    /// Restores the role words in a message: `role`, `content` (text and text parts), `name`,
    /// `tool_call_id`. `tool_calls` are kept as they are, as promptflow does.
    public func unescape(_ message: ChatMessage) -> ChatMessage {
        guard !entries.isEmpty else { return message }
        var m = message
        m.role = ChatRole(unescape(m.role.rawValue))
        switch m.content {
        case .text(let s)?:
            m.content = .text(unescape(s))
        case .parts(let parts)?:
            m.content = .parts(
                parts.map { part in
                    if case .text(let t) = part { return .text(unescape(t)) }
                    return part
                })
        case nil:
            break
        }
        m.name = m.name.map(unescape)
        m.toolCallID = m.toolCallID.map(unescape)
        return m
    }

    /// `unescape` over every message.
    public func unescapeMessages(_ messages: [ChatMessage]) -> [ChatMessage] {
        messages.map { unescape($0) }
    }
}
