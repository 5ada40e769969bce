import Foundation

/// How domain values become column values both SQL stores share: JSON text for maps and lists,
/// ISO-8601 UTC text with milliseconds for times (sorts as text), base64 text for sealed secrets.
enum StoreCoding {
    private static let secondsStyle = Date.ISO8601FormatStyle(timeZone: .gmt)

    /// `2026-11-26T06:20:54.123Z`: whole milliseconds, so text → date → text is exact.
    static func text(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (seconds, fraction) = floorDivision(milliseconds, 1000)
        let whole = Date(timeIntervalSince1970: Double(seconds)).formatted(secondsStyle)
        let digits = String(fraction)
        return whole.dropLast() + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

    static func date(_ text: String, column: String) throws -> Date {
        let invalid = PlatformError.database("the \(column) column holds '\(text.prefix(40))', which is not a time.")
        let parts = text.dropLast().split(separator: ".")
        guard text.hasSuffix("Z"), parts.count == 2, parts[1].count == 3, let fraction = Int64(parts[1]),
            let seconds = try? secondsStyle.parse(parts[0] + "Z")
        else { throw invalid }
        return Date(timeIntervalSince1970: Double(Int64(seconds.timeIntervalSince1970) * 1000 + fraction) / 1000)
    }

    /// `date` as the store keeps it (whole milliseconds), so values read back compare equal to values written.
    static func rounded(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(Int64((date.timeIntervalSince1970 * 1000).rounded())) / 1000)
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let remainder = ((value % divisor) + divisor) % divisor
        return ((value - remainder) / divisor, remainder)
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw PlatformError.database("cannot encode a value: \(error)")
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, column: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw PlatformError.database("the \(column) column is damaged: \(error)")
        }
    }
}
