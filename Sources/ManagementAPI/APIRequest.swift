import FlowSpec
import Foundation
import Hummingbird
import NIOCore

/// One management request as a handler sees it: the request, its path parameters and its query,
/// with the body read under a size cap and parsed as JSON.
struct APIRequest: Sendable {
    /// JSON bodies are small; archives have their own cap (`SnapshotUpload.maxBytes`).
    static let maxJSONBytes = 1 << 20

    let request: Request
    let parameters: Parameters
    /// The connection, when the router's context tells it (`ConnectionAwareContext`).
    var channel: (any Channel)? = nil

    /// A path parameter the route declares (`{name}`), percent-decoded (the router matches the raw segment).
    func path(_ name: String) -> String {
        let raw = parameters.get(name) ?? ""
        return raw.removingPercentEncoding ?? raw
    }

    /// A query parameter, or `nil`.
    func query(_ name: String) -> String? {
        request.uri.queryParameters.get(name)
    }

    /// A whole-number query parameter within `range`, `fallback` when absent; 400 naming it otherwise.
    func query(_ name: String, range: ClosedRange<Int>, fallback: Int) throws(APIError) -> Int {
        guard let text = query(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw .badArgument(
                field: name,
                "'\(text.prefix(20))' is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// A boolean query parameter (`true`/`false`, `1`/`0`), `false` when absent; 400 naming it otherwise.
    func flag(_ name: String) throws(APIError) -> Bool {
        switch query(name)?.lowercased() {
        case nil, "false", "0": return false
        case "true", "1", "": return true
        case let text?: throw .badArgument(field: name, "'\(text.prefix(20))' is not true or false")
        }
    }

    /// The body's bytes; 413 past `limit`.
    func bytes(limit: Int = maxJSONBytes) async throws -> ByteBuffer {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw APIError.payloadTooLarge(limit: limit)
        }
        do {
            return try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError.payloadTooLarge(limit: limit)
        }
    }

    /// The body as a JSON object (an empty body is an empty object); 400 when it is not one.
    func jsonObject() async throws -> FlowObject {
        let buffer = try await bytes()
        if buffer.readableBytes == 0 { return [:] }
        let value = try FlowValue(jsonBytes: Array(buffer.readableBytesView))
        guard case .object(let object) = value else {
            throw APIError.badArgument("the request body must be a JSON object, not \(value.kindName)")
        }
        return object
    }
}
