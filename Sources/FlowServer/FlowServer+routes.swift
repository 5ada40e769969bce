import Hummingbird

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
        return router
    }

    static let jsonHeaders: HTTPFields = [.contentType: "application/json"]
}
