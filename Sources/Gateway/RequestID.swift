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

    /// A version 4 UUID from the system generator (`getrandom`), written as `UUID().uuidString` writes it
    /// (upper-case hex, 8-4-4-4-12) straight into the string's storage.
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let high: UInt64 = generator.next() & 0xFFFF_FFFF_FFFF_0FFF | 0x0000_0000_0000_4000
        let low: UInt64 = generator.next() & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var position = 0
            for nibble in 0..<32 {
                if nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20 {
                    buffer[position] = UInt8(ascii: "-")
                    position += 1
                }
                let word = nibble < 16 ? high : low
                let digit = UInt8(truncatingIfNeeded: word >> UInt64(60 - 4 * (nibble % 16))) & 0xF
                buffer[position] = digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "A") + digit - 10
                position += 1
            }
            return position
        }
    }
}
