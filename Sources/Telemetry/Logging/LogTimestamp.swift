import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// UTC timestamps with milliseconds for log lines (`2026-11-26T08:02:05.123Z`). Lines of several processes merge by
/// this text, so two lines of the same second still sort in the order they were written. The text up to the second
/// is formatted once per second (`gmtime_r`, no time-zone file lookups) and reused.
public enum LogTimestamp {
    private static let lastSecond = Mutex<(second: Int, text: [UInt8])>((-1, []))

    /// The current time.
    public static func now() -> [UInt8] {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return format(milliseconds: Int(spec.tv_sec) * 1000 + Int(spec.tv_nsec) / 1_000_000)
    }

    /// `date`, for lines stamped with the time they were written.
    public static func text(_ date: Date) -> String {
        String(decoding: format(milliseconds: Int((date.timeIntervalSince1970 * 1000).rounded(.down))), as: UTF8.self)
    }

    /// Milliseconds since the epoch as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    public static func format(milliseconds: Int) -> [UInt8] {
        let second = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        var text = lastSecond.withLock { $0.second == second ? $0.text : [] }
        if text.isEmpty {
            text = secondText(second)
            lastSecond.withLock { $0 = (second, text) }
        }
        let fraction = milliseconds - second * 1000
        text.reserveCapacity(24)
        text.append(UInt8(ascii: "."))
        text.append(UInt8(ascii: "0") + UInt8(fraction / 100))
        text.append(UInt8(ascii: "0") + UInt8(fraction / 10 % 10))
        text.append(UInt8(ascii: "0") + UInt8(fraction % 10))
        text.append(UInt8(ascii: "Z"))
        return text
    }

    private static func secondText(_ second: Int) -> [UInt8] {
        var time = time_t(second)
        var parts = tm()
        gmtime_r(&time, &parts)
        var text: [UInt8] = []
        text.reserveCapacity(24)
        func digits(_ value: Int32, _ width: Int) {
            var divisor: Int32 = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(parts.tm_year + 1900, 4)
        text.append(UInt8(ascii: "-"))
        digits(parts.tm_mon + 1, 2)
        text.append(UInt8(ascii: "-"))
        digits(parts.tm_mday, 2)
        text.append(UInt8(ascii: "T"))
        digits(parts.tm_hour, 2)
        text.append(UInt8(ascii: ":"))
        digits(parts.tm_min, 2)
        text.append(UInt8(ascii: ":"))
        digits(parts.tm_sec, 2)
        return text
    }
}
