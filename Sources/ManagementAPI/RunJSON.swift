import FlowEngine
import FlowSpec
import Foundation
import Platform

/// A bulk run request read from JSON, and a run written as JSON (`run.json`'s snake_case keys plus `snapshot_id`,
/// `metrics` and `end_time` null while it runs).
enum RunJSON {
    /// `flow` (a folder on the server) or `snapshot_id`; `data` (a JSONL file on the server) or `rows`;
    /// `column_mapping`, `variant`, `concurrency`, `name`.
    static func request(_ body: FlowObject) throws -> ServerRunRequest {
        let known: Set<String> = [
            "name", "flow", "snapshot_id", "data", "rows", "column_mapping", "variant", "concurrency",
        ]
        if let unknown = body.keys.first(where: { !known.contains($0) }) {
            throw APIError.badArgument(
                field: unknown, "is not a run field (known: \(known.sorted().joined(separator: ", ")))")
        }
        let flow: ServerRunRequest.FlowSource
        switch (try text(body, "flow"), try text(body, "snapshot_id")) {
        case (let path?, nil): flow = .path(path)
        case (nil, let id?): flow = .snapshot(id)
        case (.some, .some): throw APIError.badArgument(field: "flow", "give either flow or snapshot_id, not both")
        case (nil, nil): throw APIError.badArgument(field: "flow", "name the flow folder on the server, or snapshot_id")
        }
        let data: ServerRunRequest.DataSource
        switch (try text(body, "data"), body["rows"]) {
        case (let path?, nil), (let path?, .null?): data = .path(path)
        case (nil, .list(let rows)?):
            data = .rows(
                try rows.enumerated().map { index, row in
                    guard case .object(let object) = row else {
                        throw APIError.badArgument(
                            field: "rows[\(index)]", "must be a JSON object, not \(row.kindName)")
                    }
                    return object
                })
        case (nil, let other?) where other != .null:
            throw APIError.badArgument(field: "rows", "must be a list of JSON objects, not \(other.kindName)")
        case (.some, .some): throw APIError.badArgument(field: "data", "give either data or rows, not both")
        default: throw APIError.badArgument(field: "data", "name the JSONL data file on the server, or give rows")
        }
        var mapping: [(input: String, value: String)] = []
        switch body["column_mapping"] {
        case nil, .null?: break
        case .object(let object)?:
            for (input, value) in object {
                guard let text = value.stringValue else {
                    throw APIError.badArgument(field: "column_mapping.\(input)", "must be text, not \(value.kindName)")
                }
                mapping.append((input, text))
            }
        case let other?: throw APIError.badArgument(field: "column_mapping", "must be an object, not \(other.kindName)")
        }
        var concurrency = 4
        switch body["concurrency"] {
        case nil, .null?: break
        case .int(let value)?: concurrency = value
        case let other?:
            throw APIError.badArgument(field: "concurrency", "must be a whole number, not \(other.kindName)")
        }
        return ServerRunRequest(
            name: try text(body, "name"), flow: flow, data: data, columnMapping: BulkRunColumnMapping(mapping),
            variant: try text(body, "variant"), concurrency: concurrency)
    }

    private static func text(_ body: FlowObject, _ key: String) throws -> String? {
        switch body[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw APIError.badArgument(field: key, "must be text, not \(other.kindName)")
        }
    }

    static func run(_ run: ServerRun) -> FlowObject {
        let record = run.record
        return [
            "name": .string(record.name), "status": .string(record.status.rawValue), "flow": .string(record.flow),
            "snapshot_id": JSONBody.text(run.snapshotID), "variant": JSONBody.text(record.variant),
            "data": .string(record.data), "column_mapping": JSONBody.map(record.columnMapping),
            "concurrency": .int(record.concurrency),
            "lines": [
                "total": .int(record.lines.total), "completed": .int(record.lines.completed),
                "failed": .int(record.lines.failed),
            ],
            "tokens": [
                "prompt": .int(record.tokens.prompt), "completion": .int(record.tokens.completion),
                "total": .int(record.tokens.total),
            ],
            "metrics": .object(run.metrics), "error": JSONBody.text(record.error),
            "start_time": JSONBody.time(record.startTime), "end_time": JSONBody.time(run.endTime),
            "duration": run.endTime == nil ? .null : .double(record.duration),
        ]
    }
}
