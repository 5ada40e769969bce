import Foundation

/// The render buffer: UTF-8 bytes appended in place, turned into one String at the end.
/// Appending bytes is cheaper than growing a String piece by piece (no per-append bookkeeping).
struct Output {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        if capacity > 0 { bytes.reserveCapacity(capacity) }
    }

    var count: Int { bytes.count }

    @inline(__always)
    mutating func append(_ s: String) {
        // Native strings lend their UTF-8 storage directly; others are copied once.
        if s.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) != nil { return }
        var copy = s
        copy.withUTF8 { bytes.append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func append(_ s: Substring) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    var string: String { bytes.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) } }
}

extension PythonFormat {
    /// Appends `str(value)` as `{{ value }}` prints it (Undefined prints nothing).
    static func write(_ v: JinjaValue, into out: inout Output) {
        switch v {
        case .string(let s), .markup(let s): out.append(s)
        case .undefined: break
        default: out.append(str(v))
        }
    }
}
