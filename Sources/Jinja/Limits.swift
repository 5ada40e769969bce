import Foundation

/// Bounds that keep an untrusted template from exhausting memory or the stack of the server rendering it.
/// jinja2's sandbox bounds `range()` the same way; these extend the idea to repetition and padding.
enum Limits {
    /// Largest string/list a single operation may build (characters or items).
    static let maxSize = 32 * 1024 * 1024
    /// Deepest expression/statement nesting the parser accepts.
    static let maxNesting = 256

    /// Deepest container nesting that printing or JSON encoding walks (Python stops near 1000 with RecursionError).
    static let maxDepth = 500

    /// Throws when `v` nests containers deeper than `maxDepth`. Shared storage (copies of one list) is
    /// measured once, so values built by repeated self-appends cost their distinct parts, not their paths.
    static func checkDepth(_ v: JinjaValue, _ depth: Int = 0) throws {
        var memo: [Int: Int] = [:]
        _ = try height(v, depth, &memo)
    }

    private static func height(_ v: JinjaValue, _ depth: Int, _ memo: inout [Int: Int]) throws -> Int {
        let children: [JinjaValue]
        let key: Int
        switch v {
        case .list(let a), .tuple(let a):
            if a.isEmpty { return 1 }
            children = a
            key = a.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) }
        case .dict(let d):
            if d.isEmpty { return 1 }
            children = d.values
            key = d.values.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) }
        default:
            return 0
        }
        if depth >= maxDepth { throw TemplateError(.runtime, "maximum recursion depth exceeded (nesting too deep)") }
        if let h = memo[key] {
            if depth + h > maxDepth { throw TemplateError(.runtime, "maximum recursion depth exceeded (nesting too deep)") }
            return h
        }
        var h = 0
        for c in children { h = max(h, try height(c, depth + 1, &memo)) }
        memo[key] = h + 1
        return h + 1
    }

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
