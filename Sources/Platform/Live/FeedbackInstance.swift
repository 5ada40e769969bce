import AsyncHTTPClient
import FlowServer
import HTTPTypes
import Hummingbird
import NIOCore

/// A scoring instance that takes promptflow's `POST /feedback[?flatten=true]`: the body becomes a
/// `promptflow-feedback` span in the trace the request's `traceparent` names. In-process instances call their flow
/// server; process instances pass the request to their child over loopback.
public protocol FeedbackInstance: ScoringInstance {
    /// Records the feedback and answers as the flow server does (`{"status": "Feedback received."}`).
    func feedback(_ request: Request) async -> Response
}

/// The request headers a feedback needs: its body's type and the trace context it attaches to.
let feedbackHeaders: [HTTPField.Name] = [
    .contentType, HTTPField.Name("traceparent")!, HTTPField.Name("tracestate")!, HTTPField.Name("baggage")!,
]

extension InProcessInstance: FeedbackInstance {
    public func feedback(_ request: Request) async -> Response {
        await server.feedback(request)
    }
}

extension ProcessInstance: FeedbackInstance {
    public func feedback(_ request: Request) async -> Response {
        guard let port else {
            return ErrorResponse(
                status: .serviceUnavailable, code: "InstanceUnavailable", message: "instance \(id) is not serving"
            ).response
        }
        var outbound = HTTPClientRequest(url: "http://127.0.0.1:\(port)/feedback")
        outbound.method = .POST
        if let query = request.uri.query, !query.isEmpty { outbound.url += "?" + query }
        for name in feedbackHeaders {
            if let value = request.headers[name] { outbound.headers.add(name: name.rawName, value: value) }
        }
        do {
            outbound.body = .bytes(try await request.body.collect(upTo: 64 << 20))
            let answer = try await client.execute(outbound, deadline: .now() + .seconds(30))
            let body = try await answer.body.collect(upTo: 1 << 20)
            var headers = HTTPFields()
            if let type = answer.headers.first(name: "content-type") { headers[.contentType] = type }
            return Response(
                status: HTTPResponse.Status(code: Int(answer.status.code)), headers: headers,
                body: ResponseBody(byteBuffer: body))
        } catch {
            return ErrorResponse(
                status: .badGateway, code: "InstanceFailed", message: "instance \(id) did not take the feedback"
            ).response
        }
    }
}
