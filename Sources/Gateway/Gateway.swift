import HTTPTypes
import Hummingbird
import Logging
import Platform
import Telemetry

/// The data plane: `POST /endpoints/{name}/score` and `GET /endpoints/{name}/swagger.json`, authenticated by the
/// endpoint's keys or tokens, routed by traffic weight (or `azureml-model-deployment`), admitted per deployment,
/// answered by an instance; a sampled share is also copied to the `mirror_traffic` deployment in the background.
///
/// Reads only `LiveEndpoints` (no store access on the request path). Statuses are Azure's (COMPAT §D): 401, 404,
/// 408 (the instance's own), 424 (the flow failed), 429 (over capacity); successful answers, streams included, pass
/// through untouched with `azureml-model-deployment` and the request id added.
public final class Gateway: Sendable {
    static let deploymentHeader = HTTPField.Name("azureml-model-deployment")!
    static let requestIDHeader = HTTPField.Name("x-request-id")!
    static let clientRequestIDHeader = HTTPField.Name("x-ms-client-request-id")!
    /// The largest instance error body turned into a 424 (promptflow's error bodies are a few hundred bytes).
    static let maxErrorBodyBytes = 1 << 20

    let live: LiveEndpoints
    let logger: Logger
    let admissions = AdmissionTable()
    let inFlight = InFlightRequests()
    let metrics: GatewayMetrics

    /// `history` receives every answer per deployment and minute (the console's Monitoring charts); the
    /// platform passes the one its instances' token counts go into.
    public init(live: LiveEndpoints, history: MetricsHistory = MetricsHistory(), logger: Logger) {
        self.live = live
        self.logger = logger
        self.metrics = GatewayMetrics(history: history)
    }

    /// Adds `POST /endpoints/{name}/score`, `POST /endpoints/{name}/feedback` and
    /// `GET /endpoints/{name}/swagger.json`.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.post("/endpoints/:name/score") { request, context in
            await self.score(request, endpointName: context.parameters.get("name") ?? "")
        }
        router.post("/endpoints/:name/feedback") { request, context in
            await self.feedback(request, endpointName: context.parameters.get("name") ?? "")
        }
        router.get("/endpoints/:name/swagger.json") { request, context in
            await self.swagger(request, endpointName: context.parameters.get("name") ?? "")
        }
    }

    /// The gateway's metric families (`flowgate_gateway_*`) in Prometheus text format.
    public func metricsText() -> String {
        metrics.text
    }

    /// Returns once no request is in flight (an open stream counts until it ends); for shutdown.
    public func drain() async {
        await inFlight.drain()
    }
}
