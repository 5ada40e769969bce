import Foundation

/// How domain values become column values both SQL stores share: JSON text for maps and lists,
/// ISO-8601 UTC text with milliseconds for times (sorts as text), base64 text for sealed secrets.
enum StoreCoding {
    private static let dateStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    static func text(_ date: Date) -> String { date.formatted(dateStyle) }

    static func date(_ text: String, column: String) throws -> Date {
        do {
            return try dateStyle.parse(text)
        } catch {
            throw PlatformError.database("the \(column) column holds '\(text.prefix(40))', which is not a time.")
        }
    }

    /// `date` cut to what the store keeps (milliseconds), so values read back compare equal to values written.
    static func rounded(_ date: Date) -> Date {
        (try? dateStyle.parse(text(date))) ?? date
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
