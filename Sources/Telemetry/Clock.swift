import Foundation

/// Wall-clock time in Unix nanoseconds, the unit of span times (OTLP's `*TimeUnixNano`).
enum Clock {
    static func unixNanos() -> UInt64 { unixNanos(Date()) }

    static func unixNanos(_ date: Date) -> UInt64 {
        let seconds = date.timeIntervalSince1970
        return seconds <= 0 ? 0 : UInt64(seconds * 1_000_000_000)
    }
}
