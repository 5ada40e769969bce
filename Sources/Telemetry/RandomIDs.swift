import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Trace and span ids from the kernel's CSPRNG (/dev/urandom on Linux, `arc4random_buf` on Darwin), drawn 4 KiB
/// at a time into a locked pool: a few system calls per 256 trace ids instead of one or two per id.
enum RandomIDs {
    private static let poolSize = 4096
    private static let pool = Mutex(Pool())

    private struct Pool {
        var bytes = [UInt8](repeating: 0, count: RandomIDs.poolSize)
        var offset = RandomIDs.poolSize

        mutating func take(_ count: Int) -> (UInt64, UInt64) {
            if offset + count > bytes.count {
                RandomIDs.fill(&bytes)
                offset = 0
            }
            var high: UInt64 = 0
            var low: UInt64 = 0
            for index in 0..<min(8, count) { high = high << 8 | UInt64(bytes[offset + index]) }
            if count > 8 { for index in 8..<count { low = low << 8 | UInt64(bytes[offset + index]) } }
            offset += count
            return (high, low)
        }
    }

    /// 16 random bytes, never all zero.
    static func traceID() -> (UInt64, UInt64) {
        while true {
            let value = pool.withLock { $0.take(16) }
            if value.0 != 0 || value.1 != 0 { return value }
        }
    }

    /// 8 random bytes, never zero.
    static func spanID() -> UInt64 {
        while true {
            let value = pool.withLock { $0.take(8) }.0
            if value != 0 { return value }
        }
    }

    private static func fill(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            #if os(Linux)
                // /dev/urandom is the kernel CSPRNG getrandom(2) reads (which Glibc's module map does not export).
                var filled = 0
                let descriptor = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
                if descriptor >= 0 {
                    while filled < buffer.count {
                        let result = read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
                        if result > 0 {
                            filled += result
                        } else if result == 0 || errno != EINTR {
                            break
                        }
                    }
                    close(descriptor)
                }
                if filled < buffer.count {
                    var generator = SystemRandomNumberGenerator()
                    for index in filled..<buffer.count { buffer[index] = generator.next() }
                }
            #elseif canImport(Darwin)
                arc4random_buf(buffer.baseAddress!, buffer.count)
            #else
                var generator = SystemRandomNumberGenerator()
                for index in 0..<buffer.count { buffer[index] = generator.next() }
            #endif
        }
    }
}
