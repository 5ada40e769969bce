import Foundation

/// The render buffer: UTF-8 bytes appended in place (one memcpy per piece), turned into one String at the end.
/// A raw buffer rather than `[UInt8]`: `Array.append(contentsOf:)` costs ~200 instructions of bookkeeping per
/// call, and a render makes one append per text run and printed value.
/// Only ever passed `inout`; copies would share the storage (none are made).
struct Output {
    private final class Storage {
        var base: UnsafeMutablePointer<UInt8>
        var count = 0
        var capacity: Int

        init(capacity: Int) {
            self.capacity = max(capacity, 64)
            base = .allocate(capacity: self.capacity)
        }

        deinit { base.deallocate() }

        @inline(never)
        func grow(to needed: Int) {
            var c = capacity * 2
            while c < needed { c *= 2 }
            let nb = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
            nb.update(from: base, count: count)
            base.deallocate()
            base = nb
            capacity = c
        }

        @inline(__always)
        func append(_ p: UnsafeBufferPointer<UInt8>) {
            let n = p.count
            if n == 0 { return }
            let needed = count + n
            if needed > capacity { grow(to: needed) }
            (base + count).update(from: p.baseAddress!, count: n)
            count = needed
        }
    }

    private let storage: Storage

    init(capacity: Int = 0) {
        storage = Storage(capacity: capacity)
    }

    var count: Int { storage.count }

    @inline(__always)
    mutating func append(_ s: String) {
        // Native and small strings lend their UTF-8 storage directly; others are copied once.
        let st = storage
        if s.utf8.withContiguousStorageIfAvailable({ st.append($0) }) != nil { return }
        var copy = s
        copy.withUTF8 { st.append($0) }
    }

    @inline(__always)
    mutating func append(bytes: [UInt8]) {
        let st = storage
        bytes.withUnsafeBufferPointer { st.append($0) }
    }

    @inline(__always)
    mutating func append(_ s: Substring) {
        var s = s
        let st = storage
        s.withUTF8 { st.append($0) }
    }

    var string: String {
        String(decoding: UnsafeBufferPointer(start: storage.base, count: storage.count), as: UTF8.self)
    }
}

extension PythonFormat {
    /// Appends `str(value)` as `{{ value }}` prints it (Undefined prints nothing).
    @inline(__always)
    static func write(_ v: JinjaValue, into out: inout Output) {
        switch v {
        case .string(let s), .markup(let s): out.append(s)
        case .undefined: break
        default: out.append(str(v))
        }
    }
}
