import Yams

/// Collects the diagnostics of one file while it is parsed, so every problem is reported at once.
/// Positions come from Yams node marks, shifted by `lineOffset` for YAML embedded in a larger file.
struct DiagnosticList {
    let file: String
    let lineOffset: Int
    private(set) var items: [Diagnostic] = []
    private(set) var warnings: [Diagnostic] = []

    init(file: String, lineOffset: Int = 0) {
        self.file = file
        self.lineOffset = lineOffset
    }

    func location(of node: Yams.Node?) -> SourceLocation? {
        guard let mark = node?.mark else { return nil }
        return SourceLocation(line: mark.line + lineOffset, column: mark.column)
    }

    mutating func add(_ message: String, at node: Yams.Node?) {
        add(message, at: location(of: node))
    }

    mutating func add(_ message: String, at location: SourceLocation?) {
        items.append(Diagnostic(file: file, line: location?.line, column: location?.column, message: message))
    }

    mutating func warn(_ message: String, at node: Yams.Node?) {
        let location = location(of: node)
        warnings.append(Diagnostic(file: file, line: location?.line, column: location?.column, message: message))
    }

    mutating func append(contentsOf other: [Diagnostic]) {
        items.append(contentsOf: other)
    }

    /// Throws all collected diagnostics, sorted by position, if there are any.
    func throwIfAny() throws(FlowValidationError) {
        guard !items.isEmpty else { return }
        throw FlowValidationError(diagnostics: DiagnosticList.sorted(items))
    }

    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { lhs, rhs in
            let l = lhs.element, r = rhs.element
            if l.file != r.file { return l.file < r.file }
            if (l.line ?? 0) != (r.line ?? 0) { return (l.line ?? 0) < (r.line ?? 0) }
            if (l.column ?? 0) != (r.column ?? 0) { return (l.column ?? 0) < (r.column ?? 0) }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }
}
