import FlowSpec
import Foundation

/// How the management commands print resources for people: aligned columns for lists, `key: value` lines for one
/// resource. Input is the server's JSON; secrets never reach these functions (only `get-credentials` prints keys).
enum ResourceTable {
    /// Columns padded to their widest cell, two spaces apart, the last column unpadded; one line per row.
    static func columns(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n") + "\n"
    }

    /// `key: value` lines, keys padded to line up.
    static func fields(_ pairs: [(String, String)]) -> String {
        let width = pairs.map { $0.0.count }.max() ?? 0
        return pairs.map { ($0.0 + ":").padding(toLength: width + 1, withPad: " ", startingAt: 0) + " " + $0.1 }
            .joined(separator: "\n") + "\n"
    }

    /// NAME, STATE, AUTH, TRAFFIC, SCORING URI.
    static func endpoints(_ list: [FlowValue]) -> String {
        if list.isEmpty { return "No endpoints.\n" }
        return columns(
            ["NAME", "STATE", "AUTH", "TRAFFIC", "SCORING URI"],
            list.map { item in
                let object = item.objectValue ?? [:]
                return [
                    text(object["name"]), text(object["provisioning_state"]), text(object["auth_mode"]),
                    percentages(object["traffic"]), text(object["scoring_uri"]),
                ]
            })
    }

    /// NAME, ENDPOINT, STATE, INSTANCES, SNAPSHOT (its first 12 hex digits).
    static func deployments(_ list: [FlowValue]) -> String {
        if list.isEmpty { return "No deployments.\n" }
        return columns(
            ["NAME", "ENDPOINT", "STATE", "INSTANCES", "SNAPSHOT"],
            list.map { item in
                let object = item.objectValue ?? [:]
                return [
                    text(object["name"]), text(object["endpoint_name"]), text(object["provisioning_state"]),
                    text(object["instance_count"]), String(text(object["snapshot_id"]).prefix(12)),
                ]
            })
    }

    /// ID, KIND, TARGET, STATUS, STAGE (the last one reached), CREATED.
    static func operations(_ list: [FlowValue]) -> String {
        if list.isEmpty { return "No operations.\n" }
        return columns(
            ["ID", "KIND", "TARGET", "STATUS", "STAGE", "CREATED"],
            list.map { item in
                let object = item.objectValue ?? [:]
                let stage = object["stages"]?.listValue?.last?.objectValue?["name"]
                return [
                    text(object["id"]), text(object["kind"]), target(object["target"]), text(object["status"]),
                    text(stage), text(object["created_at"]),
                ]
            })
    }

    /// One endpoint as `key: value` lines.
    static func endpoint(_ value: FlowValue) -> String {
        let object = value.objectValue ?? [:]
        var pairs: [(String, String)] = [
            ("name", text(object["name"])), ("state", text(object["provisioning_state"])),
            ("auth mode", text(object["auth_mode"])), ("traffic", percentages(object["traffic"])),
        ]
        if let mirror = object["mirror_traffic"], mirror.objectValue?.isEmpty == false {
            pairs.append(("mirror traffic", percentages(mirror)))
        }
        pairs += [("scoring uri", text(object["scoring_uri"])), ("openapi uri", text(object["openapi_uri"]))]
        pairs += common(object)
        return fields(pairs)
    }

    /// One deployment as `key: value` lines.
    static func deployment(_ value: FlowValue) -> String {
        let object = value.objectValue ?? [:]
        let settings = object["request_settings"]?.objectValue ?? [:]
        var pairs: [(String, String)] = [
            ("name", text(object["name"])), ("endpoint", text(object["endpoint_name"])),
            ("state", text(object["provisioning_state"])), ("instances", text(object["instance_count"])),
            ("snapshot", text(object["snapshot_id"])), ("model", text(object["model"])),
            (
                "request settings",
                "timeout \(text(settings["request_timeout_ms"])) ms, "
                    + "\(text(settings["max_concurrent_requests_per_instance"])) concurrent per instance, "
                    + "queue wait \(text(settings["max_queue_wait_ms"])) ms"
            ),
        ]
        if let requirements = object["environment"]?.objectValue?["requirements"]?.stringValue {
            let lines = requirements.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }
            pairs.append(("environment", "custom requirements: " + lines.joined(separator: ", ")))
        } else {
            pairs.append(("environment", "the flow's requirements.txt"))
        }
        if let outputs = object["outputs"]?.listValue, !outputs.isEmpty {
            pairs.append(("outputs", outputs.map { text($0) }.joined(separator: ", ")))
        }
        for key in ["environment_variables", "connection_overrides"] {
            if let map = object[key]?.objectValue, !map.isEmpty {
                pairs.append((key.replacingOccurrences(of: "_", with: " "), pairsText(map)))
            }
        }
        pairs += common(object)
        return fields(pairs)
    }

    /// One operation: its fields, then its stages as a table.
    static func operation(_ value: FlowValue) -> String {
        let object = value.objectValue ?? [:]
        var pairs: [(String, String)] = [
            ("id", text(object["id"])), ("kind", text(object["kind"])), ("target", target(object["target"])),
            ("status", text(object["status"])),
        ]
        if let error = object["error"]?.objectValue {
            pairs.append(("error", "\(text(error["code"])): \(text(error["message"]))"))
        }
        pairs += [("created", text(object["created_at"])), ("updated", text(object["updated_at"]))]
        let stages = (object["stages"]?.listValue ?? []).compactMap(\.objectValue)
        guard !stages.isEmpty else { return fields(pairs) }
        return fields(pairs) + "\n"
            + columns(
                ["STAGE", "STATUS", "STARTED", "ENDED", "MESSAGE"],
                stages.map { stage in
                    [
                        text(stage["name"]), text(stage["status"]), text(stage["started_at"]), text(stage["ended_at"]),
                        text(stage["message"], empty: ""),
                    ]
                })
    }

    private static func common(_ object: FlowObject) -> [(String, String)] {
        var pairs: [(String, String)] = []
        if let failure = object["failure"]?.objectValue {
            pairs.append(("failure", "\(text(failure["code"])): \(text(failure["message"]))"))
        }
        if let description = object["description"]?.stringValue { pairs.append(("description", description)) }
        if let tags = object["tags"]?.objectValue, !tags.isEmpty { pairs.append(("tags", pairsText(tags))) }
        pairs += [
            ("created", text(object["created_at"])), ("updated", text(object["updated_at"])),
            ("latest operation", text(object["latest_operation_id"])),
        ]
        return pairs
    }

    /// A cell: text as it is, numbers and booleans as JSON, missing or null as `-`.
    static func text(_ value: FlowValue?, empty: String = "-") -> String {
        switch value {
        case nil, .null?: empty
        case .string(let text)?: text.isEmpty ? empty : text
        case let other?: other.json(.compact)
        }
    }

    /// `{"blue": 90, "green": 10}` → `blue=90 green=10`; `-` when empty.
    static func percentages(_ value: FlowValue?) -> String {
        guard let object = value?.objectValue, !object.isEmpty else { return "-" }
        return object.sorted { $0.key < $1.key }.map { "\($0.key)=\(text($0.value))" }.joined(separator: " ")
    }

    private static func pairsText(_ object: FlowObject) -> String {
        object.sorted { $0.key < $1.key }.map { "\($0.key)=\(text($0.value))" }.joined(separator: " ")
    }

    private static func target(_ value: FlowValue?) -> String {
        guard let object = value?.objectValue else { return "-" }
        let endpoint = text(object["endpoint"])
        guard let deployment = object["deployment"]?.stringValue else { return endpoint }
        return "\(endpoint)/\(deployment)"
    }
}

extension String {
    /// The text without the spaces a padded row ends with when its last cells are empty.
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
