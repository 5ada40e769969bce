import FlowEngine
import FlowSpec
import Foundation
import HTTPTypes
import Hummingbird
import Platform

/// `POST /snapshots/{id}/test`: one line of an uploaded flow run on the server without deploying it, the
/// server's `flowgate flow test` ("test your flow and get it ready for deployment").
extension ManagementAPI {
    static let snapshotTestAction = "snapshots/test/action"

    static let snapshotTestSchema: FlowValue = [
        "type": "object", "required": ["run_id", "status", "outputs", "duration_ms", "nodes", "tokens"],
        "properties": [
            "run_id": ["type": "string"],
            "status": ["type": "string", "enum": ["Completed", "Failed"]],
            "outputs": ["type": "object", "description": "The flow's outputs (empty when it failed)"],
            "duration_ms": ["type": "number"],
            "nodes": [
                "type": "array",
                "items": [
                    "type": "object", "required": ["name", "status", "duration_ms"],
                    "properties": [
                        "name": ["type": "string"],
                        "status": ["type": "string", "enum": ["Completed", "Failed", "Bypassed"]],
                        "duration_ms": ["type": "number"], "output": [:], "error": ["type": "string"],
                    ],
                ],
            ],
            "tokens": [
                "type": "object", "properties": ["prompt": ["type": "integer"], "completion": ["type": "integer"]],
            ],
            "error": [
                "type": "object", "required": ["code", "message"],
                "properties": [
                    "code": ["type": "string", "enum": ["UserError", "SystemError"]], "message": ["type": "string"],
                    "node": ["type": "string", "description": "The node that failed, when one did"],
                ],
            ],
        ],
    ]

    static let snapshotTestRoutes: [APIRoute] = [
        APIRoute(
            method: .post, path: "/snapshots/{id}/test", operationID: "testSnapshot",
            summary: "Run one line of an uploaded flow without deploying it; with Accept: text/event-stream a "
                + "streamed output arrives as Server-Sent Events, as the scoring route sends them.",
            tag: "snapshots", action: snapshotTestAction,
            body: .json([
                "type": "object",
                "properties": [
                    "inputs": ["type": "object", "description": "The flow's inputs; missing ones take defaults"],
                    "variant": ["type": ["string", "null"], "description": "${node.variant_id}"],
                    "connections": [
                        "type": "object", "additionalProperties": ["type": "string"],
                        "description": "As connection_overrides: a node or connection name → a connection",
                    ],
                ],
            ]),
            outcomes: [
                .init(
                    status: 200, description: "The run, Completed or Failed (the failed node and its error)",
                    content: .init(mediaTypes: [JSONBody.contentType, "text/event-stream"], schema: snapshotTestSchema))
            ],
            errors: [400, 404, 429], handler: { api, request in try await api.testSnapshot(request) })
    ]

    func testSnapshot(_ request: APIRequest) async throws -> Response {
        let body = try await request.jsonObject()
        var test = SnapshotTestRequest(snapshotID: request.path("id"), inputs: [:])
        switch body["inputs"] {
        case nil, .null?: break
        case .object(let inputs)?: test.inputs = inputs
        case let other?: throw APIError.badArgument(field: "inputs", "must be an object, not \(other.kindName)")
        }
        switch body["variant"] {
        case nil, .null?: break
        case .string(let variant)?: test.variant = variant
        case let other?:
            throw APIError.badArgument(field: "variant", "must be text like ${node.variant_id}, not \(other.kindName)")
        }
        switch body["connections"] {
        case nil, .null?: break
        case .object(let map)?:
            for (key, value) in map {
                guard case .string(let name) = value, !name.isEmpty else {
                    throw APIError.badArgument(field: "connections.\(key)", "must be a connection's name")
                }
                test.connections[key] = name
            }
        case let other?: throw APIError.badArgument(field: "connections", "must be an object, not \(other.kindName)")
        }
        // The flow's tools see each connection's secrets and may answer them: the caller must be allowed to read them.
        test.authorize = { names in
            for name in names { try await self.require(Identities.secretsAction, scope: "/connections/\(name)") }
        }
        let accept = request.request.headers[.accept] ?? ""
        test.stream = accept.contains("text/event-stream")
        let started = Date()
        let run: SnapshotTestRun
        do {
            run = try await controlPlane.runs.tests.test(test)
        } catch let error as SnapshotTestError {
            throw APIError.snapshotTest(error)
        }
        switch run.outcome {
        case .failure(let error):
            run.finish()
            let record = error.record
            return JSONBody.response(
                .object(
                    Self.testJSON(
                        runID: run.runID, outputs: [:], nodes: record?.nodes ?? [], error: error,
                        duration: record?.duration ?? Date().timeIntervalSince(started),
                        tokens: Self.tokens(record?.nodes ?? []))))
        case .success(let result):
            if test.stream, let streamed = result.stream {
                return SnapshotTestStream.response(run: run, result: result, streamed: streamed)
            }
            do {
                let outputs = try await result.joinedOutputs(order: run.flow.outputs.map(\.name))
                run.finish()
                var tokens = Self.tokens(result.record.nodes)
                if let usage = result.stream?.usage?.usage {
                    tokens.prompt += usage.promptTokens
                    tokens.completion += usage.completionTokens
                }
                return JSONBody.response(
                    .object(
                        Self.testJSON(
                            runID: run.runID, outputs: outputs, nodes: result.record.nodes, error: nil,
                            duration: Date().timeIntervalSince(result.record.startTime),
                            tokens: tokens)))
            } catch {
                run.finish()
                let failure = (error as? FlowRunError) ?? .system("the streamed output failed: \(error)")
                return JSONBody.response(
                    .object(
                        Self.testJSON(
                            runID: run.runID, outputs: [:], nodes: result.record.nodes, error: failure,
                            duration: Date().timeIntervalSince(started),
                            tokens: Self.tokens(result.record.nodes))))
            }
        }
    }

    /// The run as the route answers it.
    static func testJSON(
        runID: String, outputs: FlowObject, nodes: [NodeRunRecord], error: FlowRunError?, duration: TimeInterval,
        tokens: (prompt: Int, completion: Int)
    ) -> FlowObject {
        var json: FlowObject = [
            "run_id": .string(runID), "status": .string(error == nil ? "Completed" : "Failed"),
            "outputs": .object(outputs), "duration_ms": .double(milliseconds(duration)),
            "nodes": .list(
                nodes.map { node in
                    var item: FlowObject = [
                        "name": .string(node.node), "status": .string(node.status.rawValue),
                        "duration_ms": .double(milliseconds(node.duration)),
                    ]
                    if let output = node.output { item["output"] = output }
                    if let message = node.error { item["error"] = .string(message) }
                    return .object(item)
                }),
            "tokens": [
                "prompt": .int(tokens.prompt), "completion": .int(tokens.completion),
            ],
        ]
        if let error {
            var detail: FlowObject = ["code": .string(error.kind.rawValue), "message": .string(error.message)]
            if let node = error.node ?? nodes.first(where: { $0.status == .failed })?.node {
                detail["node"] = .string(node)
            }
            json["error"] = .object(detail)
        }
        return json
    }

    /// The nodes' prompt and completion tokens summed.
    static func tokens(_ nodes: [NodeRunRecord]) -> (prompt: Int, completion: Int) {
        nodes.compactMap(\.usage).reduce((0, 0)) { ($0.0 + $1.promptTokens, $0.1 + $1.completionTokens) }
    }

    private static func milliseconds(_ seconds: TimeInterval) -> Double {
        (max(0, seconds) * 10_000).rounded() / 10
    }
}

extension APIError {
    /// A test that did not run: a bad field 400, an unknown snapshot 404, every pool busy 429.
    static func snapshotTest(_ error: SnapshotTestError) -> APIError {
        switch error {
        case .badArgument(let field, let message): .badArgument(field: field, message)
        case .notFound(let message): .notFound(message)
        case .busy(let message): APIError(status: .tooManyRequests, code: "TooManyRequests", message: message)
        }
    }
}
