/// One event of a `text/event-stream` body: its `data` lines joined with "\n", plus `event` and `id`.
/// OpenAI-style streams only use `data`; the others are kept for servers that send them.
public struct ServerSentEvent: Sendable, Equatable {
    public var event: String?
    public var data: String
    public var id: String?

    public init(event: String? = nil, data: String, id: String? = nil) {
        self.event = event
        self.data = data
        self.id = id
    }
}
