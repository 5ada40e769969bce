import Hummingbird
import NIOCore
import Telemetry

extension FlowServer {
    /// The router with every route of the contract; unknown routes and methods answer promptflow's 404.
    public func makeRouter() -> Router<FlowRequestContext> {
        let router = Router(context: FlowRequestContext.self)
        router.add(middleware: RequestLogMiddleware(logger: logger))
        if !configuration.corsOrigins.isEmpty {
            router.add(middleware: CORSPolicyMiddleware(origins: configuration.corsOrigins))
        }
        router.post("/score") { request, context in
            await self.score(request, context: context)
        }
        router.get("/health") { _, _ in
            Response(status: .ok, headers: Self.jsonHeaders, body: .init(byteBuffer: self.healthBody))
        }
        router.get("/version") { _, _ in
            Response(status: .ok, headers: Self.jsonHeaders, body: .init(byteBuffer: self.versionBody))
        }
        router.get("/swagger.json") { _, _ in
            Response(status: .ok, headers: Self.jsonHeaders, body: .init(byteBuffer: self.swaggerBody))
        }
        // Probes often use HEAD (pf answers it for these routes): the same status and headers, no body.
        for (path, body) in [("/health", healthBody), ("/version", versionBody), ("/swagger.json", swaggerBody)] {
            router.head(RouterPath(stringLiteral: path)) { _, _ in
                var headers = Self.jsonHeaders
                headers[.contentLength] = String(body.readableBytes)
                return Response(status: .ok, headers: headers, body: .init())
            }
        }
        router.post("/feedback") { request, _ in
            await self.feedback(request)
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: ServingTelemetry.metricsContentType],
                body: .init(byteBuffer: ByteBuffer(string: self.telemetry.metricsText())))
        }
        router.get("/traces") { request, _ in
            let limit = request.uri.queryParameters.get("limit", as: Int.self).map { max(1, min($0, 1000)) } ?? 50
            return Self.json(text: self.telemetry.tracesJSON(limit: limit))
        }
        router.get("/traces/{id}") { request, context in
            let id = context.parameters.get("id") ?? ""
            guard let text = self.telemetry.traceJSON(id: id) else {
                return ErrorResponse.user("No trace '\(id)' is kept by this server.", status: .notFound).response
            }
            return Self.json(text: text)
        }
        configuration.extraRoutes?(router)
        return router
    }

    /// `POST /feedback[?flatten=true]`: the body recorded on a `promptflow-feedback` span in the caller's trace
    /// (`traceparent`); public for a caller that routes the request itself (the platform's gateway, in process).
    public func feedback(_ request: Request) async -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: configuration.limits.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            return Self.tooLarge(configuration.limits.maxBodyBytes).response
        } catch {
            return ErrorResponse.user("The request body could not be read.").response
        }
        let flatten = request.uri.queryParameters.get("flatten")?.lowercased() == "true"
        telemetry.recordFeedback(
            body: String(buffer: body), flatten: flatten, traceparent: request.headers[.traceparent],
            tracestate: request.headers[.tracestate], baggage: request.headers[.baggage])
        return Response(status: .ok, headers: Self.jsonHeaders, body: .init(byteBuffer: Self.feedbackBody))
    }

    static let jsonHeaders: HTTPFields = [.contentType: "application/json"]
    static let feedbackBody = FlaskJSON.body(["status": "Feedback received."])

    static func json(text: String) -> Response {
        Response(status: .ok, headers: jsonHeaders, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
