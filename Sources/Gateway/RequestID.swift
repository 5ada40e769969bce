import Foundation
import HTTPTypes
import Hummingbird

/// A scoring request's id as `flowgate flow serve` takes it: `x-request-id`, else `x-ms-client-request-id`, else a
/// new random UUID; echoed under the header it came in (`x-request-id` when new) and used as the run id.
struct RequestID: Sendable {
    var value: String
    var header: HTTPField.Name

    init(_ headers: HTTPFields) {
        if let id = headers[Gateway.requestIDHeader], !id.isEmpty {
            value = id
            header = Gateway.requestIDHeader
        } else if let id = headers[Gateway.clientRequestIDHeader], !id.isEmpty {
            value = id
            header = Gateway.clientRequestIDHeader
        } else {
            value = Self.random()
            header = Gateway.requestIDHeader
        }
    }

    /// A version 4 UUID from the system generator.
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { buffer in
            buffer.storeBytes(of: generator.next() as UInt64, toByteOffset: 0, as: UInt64.self)
            buffer.storeBytes(of: generator.next() as UInt64, toByteOffset: 8, as: UInt64.self)
            buffer[6] = buffer[6] & 0x0F | 0x40
            buffer[8] = buffer[8] & 0x3F | 0x80
        }
        return UUID(uuid: bytes).uuidString
    }
}
