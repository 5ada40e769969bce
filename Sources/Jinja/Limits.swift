import Foundation

/// Bounds that keep an untrusted template from exhausting memory or the stack of the server rendering it.
/// jinja2's sandbox bounds `range()` the same way; these extend the idea to repetition and padding.
enum Limits {
    /// Largest string/list a single operation may build (characters or items).
    static let maxSize = 32 * 1024 * 1024
    /// Deepest expression/statement nesting the parser accepts.
    static let maxNesting = 256

    static func check(_ n: Int, _ what: String) throws {
        if n > maxSize {
            throw TemplateError(.runtime, "\(what) would build \(n) items; the sandbox allows at most \(maxSize)")
        }
    }

    /// `a * b` for sizes, failing instead of overflowing.
    static func product(_ a: Int, _ b: Int, _ what: String) throws -> Int {
        let (p, o) = a.multipliedReportingOverflow(by: b)
        if o { throw TemplateError(.runtime, "\(what) is too large") }
        try check(p, what)
        return p
    }
}
