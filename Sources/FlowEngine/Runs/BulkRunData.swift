import FlowSpec
import Foundation

/// The lines of a bulk run's JSONL data file, each a JSON object or the reason it is not one.
/// A malformed line fails only that line; blank lines are skipped and do not count.
public struct BulkRunData: Sendable {
    /// One data line: its 0-based line number among the data lines, and its columns or a parse error.
    public struct Line: Sendable {
        public var number: Int
        public var columns: Result<FlowObject, FlowRunError>

        public init(number: Int, columns: Result<FlowObject, FlowRunError>) {
            self.number = number
            self.columns = columns
        }
    }

    public var lines: [Line]

    public init(lines: [Line]) {
        self.lines = lines
    }

    /// Reads `url` (JSON Lines). Throws a user error when the file cannot be read or holds no line.
    public init(contentsOf url: URL) throws(FlowRunError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .user("The data file '\(url.path)' does not exist or cannot be read.")
        }
        try self.init(jsonl: [UInt8](data), source: url.path)
    }

    /// Parses JSON Lines text; `source` names the file in messages.
    public init(jsonl bytes: [UInt8], source: String = "data") throws(FlowRunError) {
        var lines: [Line] = []
        var fileLine = 0
        var start = 0
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            fileLine += 1
            var slice = Array(bytes[start..<end])
            if slice.last == UInt8(ascii: "\r") { slice.removeLast() }
            start = end + 1
            if slice.allSatisfy({ $0 == 32 || $0 == 9 }) { continue }
            let number = lines.count
            let columns: Result<FlowObject, FlowRunError>
            do {
                let value = try FlowValue(jsonBytes: slice)
                if case .object(let object) = value {
                    columns = .success(object)
                } else {
                    columns = .failure(
                        .user("Line \(fileLine) of \(source) is not a JSON object (it is a \(value.kindName))."))
                }
            } catch {
                columns = .failure(.user("Line \(fileLine) of \(source) is not valid JSON: \(error)."))
            }
            lines.append(Line(number: number, columns: columns))
        }
        guard !lines.isEmpty else { throw .user("The data file \(source) has no lines.") }
        self.lines = lines
    }

    /// Columns that appear in at least one well-formed line.
    var columnNames: Set<String> {
        var names = Set<String>()
        for line in lines {
            if case .success(let object) = line.columns { names.formUnion(object.keys) }
        }
        return names
    }
}
