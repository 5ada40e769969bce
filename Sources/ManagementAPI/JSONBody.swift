import FlowSpec
import Foundation
import Hummingbird

/// How the management API writes JSON: `FlowValue` trees (key order kept, `null` written) as compact UTF-8,
/// and times as ISO 8601 UTC with whole seconds (`2026-11-26T08:02:05Z`).
enum JSONBody {
    static let contentType = "application/json"

    /// A response with `value` as its JSON body.
    static func response(_ value: FlowValue, status: HTTPResponse.Status = .ok) -> Response {
        var bytes: [UInt8] = []
        value.writeJSON(.compact, into: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        return Response(
            status: status, headers: [.contentType: contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// `{"value": [...]}`, the shape of every list.
    static func list(_ values: [FlowValue]) -> Response {
        response(.object(["value": .list(values)]))
    }

    private static let timeStyle = Date.ISO8601FormatStyle(timeZone: .gmt)

    /// A time as the API writes it.
    static func time(_ date: Date) -> FlowValue {
        .string(date.formatted(timeStyle))
    }

    /// A time, or `null`.
    static func time(_ date: Date?) -> FlowValue {
        date.map { time($0) } ?? .null
    }

    /// Text, or `null`.
    static func text(_ value: String?) -> FlowValue {
        value.map { .string($0) } ?? .null
    }

    /// A map of text, keys sorted so answers are stable.
    static func map(_ values: [String: String]) -> FlowValue {
        .object(FlowObject(values.sorted { $0.key < $1.key }.map { ($0.key, FlowValue.string($0.value)) }))
    }

    /// A map of numbers, keys sorted.
    static func map(_ values: [String: Int]) -> FlowValue {
        .object(FlowObject(values.sorted { $0.key < $1.key }.map { ($0.key, FlowValue.int($0.value)) }))
    }
}
