import AsyncHTTPClient
import FlowSpec
import Foundation
import NIOCore
import NIOHTTP1

/// A scoring instance that keeps the traces of the requests it answered, as its flow server's `GET /traces` and
/// `GET /traces/{id}` give them (JSON objects: summaries with `trace_id`, `start_time`, `run_id`, ...; one trace
/// with its `spans`). In-process instances read their trace store; process instances ask their child over loopback.
public protocol TracingInstance: ScoringInstance {
    /// Up to `limit` trace summaries, newest first (empty when the instance keeps none or cannot be reached).
    func recentTraces(limit: Int) async -> [FlowObject]
    /// One trace with its spans, or nil when the instance does not keep it.
    func trace(id: String) async -> FlowObject?
}

extension InProcessInstance: TracingInstance {
    public func recentTraces(limit: Int) async -> [FlowObject] {
        TraceListing.summaries(fromListJSON: server.telemetry.tracesJSON(limit: limit))
    }

    public func trace(id: String) async -> FlowObject? {
        server.telemetry.traceJSON(id: id).flatMap(TraceListing.object(fromJSON:))
    }
}

extension ProcessInstance: TracingInstance {
    public func recentTraces(limit: Int) async -> [FlowObject] {
        guard let text = await childJSON("/traces?limit=\(limit)") else { return [] }
        return TraceListing.summaries(fromListJSON: text)
    }

    public func trace(id: String) async -> FlowObject? {
        guard let escaped = id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) else { return nil }
        return await childJSON("/traces/\(escaped)").flatMap(TraceListing.object(fromJSON:))
    }

    /// `GET path` on the child when it is serving and answers 200 within 10 s; nil otherwise.
    private func childJSON(_ path: String) async -> String? {
        guard let port else { return nil }
        let request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        guard let answer = try? await client.execute(request, deadline: .now() + .seconds(10)) else { return nil }
        guard answer.status == .ok, let body = try? await answer.body.collect(upTo: 32 << 20) else {
            _ = try? await answer.body.collect(upTo: 1 << 20)
            return nil
        }
        return String(buffer: body)
    }
}
