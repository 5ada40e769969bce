/// The media types of an `Accept` header as promptflow reads them: parameters and quality dropped,
/// a missing or empty header meaning `*/*`.
struct AcceptedMediaTypes: Sendable, Equatable {
    /// The types in header order, without duplicates.
    var types: [Substring]

    init(header: String?) {
        var types: [Substring] = []
        if let header {
            for item in header.split(separator: ",") {
                let type = (item.split(separator: ";", maxSplits: 1).first ?? "").trimmed
                if !type.isEmpty && !types.contains(type) { types.append(type) }
            }
        }
        self.types = types.isEmpty ? ["*/*"] : types
    }

    /// `text/event-stream` listed explicitly (`*/*` and `text/*` do not count).
    var eventStream: Bool { types.contains("text/event-stream") }

    /// `application/json`, `application/*` or `*/*` listed.
    var json: Bool {
        types.contains { $0 == "application/json" || $0 == "application/*" || $0 == "*/*" }
    }

    /// promptflow's 406 message.
    func notAcceptable(supported: String) -> ErrorResponse {
        .user(
            "Media type \(types.joined(separator: ",")) in Accept header is not acceptable. "
                + "Supported media type(s) - \(supported)",
            status: .notAcceptable)
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    var trimmed: Substring {
        var slice = self
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return slice
    }
}
