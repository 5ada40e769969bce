import Foundation
import Yams

/// Reads untrusted YAML within fixed bounds: file size, aliases, expanded size and nesting depth.
/// Every rejection is a `Diagnostic` naming the limit; nothing beyond the limits is parsed or walked.
enum YAMLReader {
    static let maxFileBytes = 1 << 20
    static let maxAliases = 100
    static let maxExpandedNodes = 100_000
    static let maxDepth = 64
    /// The textual pre-scan only protects Yams' recursive parser; the exact depth limit is checked on the tree.
    static let maxEstimatedDepth = 200

    /// Reads a file after checking its size, reporting problems against `file`.
    static func readText(at url: URL, file: String) throws(FlowValidationError) -> String {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        } catch {
            throw FlowValidationError(diagnostics: [
                Diagnostic(file: file, message: "cannot read the file: it does not exist or is not readable")
            ])
        }
        if let type = attributes[.type] as? FileAttributeType, type != .typeRegular {
            // A FIFO or device would block or never end; only plain files are read.
            throw FlowValidationError(diagnostics: [
                Diagnostic(file: file, message: "the flow file is not a regular file")
            ])
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        if size > maxFileBytes {
            throw FlowValidationError(diagnostics: [
                Diagnostic(
                    file: file,
                    message: "the file is \(size) bytes; flow files are limited to 1 MiB (\(maxFileBytes) bytes)")
            ])
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw FlowValidationError(diagnostics: [Diagnostic(file: file, message: "cannot read the file")])
        }
        // The size may have changed between the check and the read.
        if data.count > maxFileBytes {
            throw FlowValidationError(diagnostics: [
                Diagnostic(
                    file: file,
                    message: "the file is \(data.count) bytes; flow files are limited to 1 MiB (\(maxFileBytes) bytes)")
            ])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FlowValidationError(diagnostics: [Diagnostic(file: file, message: "the file is not valid UTF-8 text")]
            )
        }
        return text
    }

    /// Parses one YAML document into Yams nodes (marks kept), or reports why it cannot be accepted.
    /// `lineOffset` shifts reported lines when the YAML starts inside a larger file (prompty front matter).
    static func compose(_ text: String, file: String, lineOffset: Int = 0) throws(FlowValidationError) -> Yams.Node? {
        func reject(_ message: String, line: Int?, column: Int?) -> FlowValidationError {
            FlowValidationError(diagnostics: [
                Diagnostic(file: file, line: line.map { $0 + lineOffset }, column: column, message: message)
            ])
        }
        if let problem = prescan(text) {
            throw reject(problem.message, line: problem.line, column: problem.column)
        }
        let root: Yams.Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            let (message, mark) = describe(error)
            throw reject(message, line: mark?.line, column: mark?.column)
        } catch {
            throw reject("YAML syntax error: \(error)", line: nil, column: nil)
        }
        guard let root else { return nil }
        var walk = BoundsWalk()
        if let problem = walk.check(root, depth: 1) {
            throw reject(problem.message, line: problem.mark?.line, column: problem.mark?.column)
        }
        return root
    }

    private static func describe(_ error: YamlError) -> (String, Mark?) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { " \($0.text)" } ?? ""
            return ("YAML syntax error: \(problem)\(detail)", mark)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return ("duplicate key \(names) in a mapping; each key may appear only once", context.mark)
        case .reader(let problem, _, _, _):
            return ("YAML cannot be read: \(problem)", nil)
        default:
            return ("YAML syntax error: \(error)", nil)
        }
    }

    /// A cheap line-based scan run before Yams: counts alias tokens and estimates nesting depth.
    /// libyaml anchors are `[A-Za-z0-9_-]+`, so `*name` followed by a separator is an alias.
    static func prescan(_ text: String) -> (message: String, line: Int, column: Int)? {
        var aliases = 0
        var flowDepth = 0
        var indents: [Int] = [-1]
        var lineNumber = 0
        // Inside a block scalar (`key: |`), lines indented deeper than its owner are text, not YAML.
        var blockScalarOwnerIndent: Int? = nil
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = Array(rawLine.utf8)
            var column = 0
            while column < line.count, line[column] == UInt8(ascii: " ") { column += 1 }
            if column == line.count { continue }
            if let owner = blockScalarOwnerIndent {
                if column > owner { continue }
                blockScalarOwnerIndent = nil
            }
            if line[column] == UInt8(ascii: "#") { continue }
            if startsBlockScalar(line) { blockScalarOwnerIndent = column }
            while let last = indents.last, last > column { indents.removeLast() }
            if indents.last! < column { indents.append(column) }
            var blockIndicators = 0
            var quote: UInt8? = nil
            var previous: UInt8 = UInt8(ascii: " ")
            var index = column
            while index < line.count {
                let byte = line[index]
                if let open = quote {
                    if byte == open { quote = nil }
                } else {
                    switch byte {
                    case UInt8(ascii: "'"), UInt8(ascii: "\""):
                        if isSeparator(previous) { quote = byte }
                    case UInt8(ascii: "#") where isSpace(previous):
                        index = line.count
                        continue
                    case UInt8(ascii: "["), UInt8(ascii: "{"):
                        flowDepth += 1
                    case UInt8(ascii: "]"), UInt8(ascii: "}"):
                        flowDepth = max(0, flowDepth - 1)
                    case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"):
                        if isSpace(previous), index + 1 == line.count || isSpace(line[index + 1]) {
                            blockIndicators += 1
                        }
                    case UInt8(ascii: "*") where isSeparator(previous):
                        var end = index + 1
                        while end < line.count, isAnchorCharacter(line[end]) { end += 1 }
                        if end > index + 1,
                            end == line.count || isSeparator(line[end]) || line[end] == UInt8(ascii: ":")
                        {
                            aliases += 1
                            if aliases > maxAliases {
                                return (
                                    "the document uses more than \(maxAliases) YAML aliases; Flowgate rejects this to guard against alias expansion bombs",
                                    lineNumber, index + 1
                                )
                            }
                            var next = end
                            while next < line.count, line[next] == UInt8(ascii: " ") { next += 1 }
                            let usedAsKey =
                                next < line.count && line[next] == UInt8(ascii: ":")
                                && (next + 1 == line.count || isSpace(line[next + 1]))
                            let explicitKey =
                                index >= 2 && line[index - 2] == UInt8(ascii: "?") && isSpace(line[index - 1])
                            if usedAsKey || explicitKey {
                                return (
                                    "a YAML alias is used as a mapping key; Flowgate does not accept aliases as keys",
                                    lineNumber, index + 1
                                )
                            }
                        }
                    default:
                        break
                    }
                }
                previous = byte
                index += 1
            }
            if indents.count + blockIndicators + flowDepth > maxEstimatedDepth {
                return (
                    "the document nests deeper than \(maxDepth) levels; Flowgate rejects deeply nested YAML",
                    lineNumber, column + 1
                )
            }
        }
        return nil
    }

    /// Whether a line ends with a block scalar header after an indicator (`key: |`, `- >-`, `key: |2`).
    private static func startsBlockScalar(_ line: [UInt8]) -> Bool {
        var end = line.count
        while end > 0, isSpace(line[end - 1]) || line[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        var start = end
        while start > 0, !isSpace(line[start - 1]) { start -= 1 }
        let header = line[start..<end]
        guard let first = header.first, first == UInt8(ascii: "|") || first == UInt8(ascii: ">") else { return false }
        guard
            header.dropFirst().allSatisfy({
                $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+")
                    || ($0 >= UInt8(ascii: "1") && $0 <= UInt8(ascii: "9"))
            })
        else {
            return false
        }
        var before = start
        while before > 0, isSpace(line[before - 1]) { before -= 1 }
        guard before > 0 else { return false }
        let indicator = line[before - 1]
        return indicator == UInt8(ascii: ":") || indicator == UInt8(ascii: "-") || indicator == UInt8(ascii: "?")
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    private static func isSeparator(_ byte: UInt8) -> Bool {
        isSpace(byte) || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: ",")
            || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "\r")
    }

    private static func isAnchorCharacter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "-")
    }
}
