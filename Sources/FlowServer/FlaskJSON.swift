import FlowSpec
import NIOCore

/// JSON bodies laid out as `pf flow serve` (Flask's `jsonify`) sends them: keys sorted, no spaces,
/// non-ASCII escaped as `\uXXXX`, a trailing newline; a client comparing bytes sees no difference.
enum FlaskJSON {
    static func body(_ value: FlowValue) -> ByteBuffer {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        value.writeJSON(.flask, into: &out)
        return ByteBuffer(bytes: out)
    }
}
