import Gateway
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Platform

/// One endpoint `support-bot` (key auth) in a hand-built `LiveEndpoints`, served by a `Gateway` on a Hummingbird
/// router, with helpers to publish deployments over test instances and to score through the gateway.
struct GatewayFixture {
    static let endpoint = "support-bot"
    static let keys = EndpointKeys(primary: "primary-key-0123456789abcdef", secondary: "secondary-key-0123456789abcd")

    let live: LiveEndpoints
    let gateway: Gateway

    init(
        authMode: AuthMode = .key, traffic: [String: Int] = [:], mirrorTraffic: [String: Int] = [:],
        deployments: [LiveDeployment] = [], tokens: EndpointTokenAuthority? = nil
    ) {
        live = LiveEndpoints(tokens: tokens)
        var logger = Logger(label: "flowgate.gateway.test")
        logger.logLevel = .error
        gateway = Gateway(live: live, logger: logger)
        live.update(Self.endpoint) { endpoint in
            endpoint = LiveEndpoint(
                name: Self.endpoint, authMode: authMode, keys: Self.keys, traffic: traffic,
                mirrorTraffic: mirrorTraffic,
                deployments: Dictionary(uniqueKeysWithValues: deployments.map { ($0.name, $0) }))
        }
    }

    /// A ready deployment of `support-bot`.
    static func deployment(
        _ name: String, _ instances: [any ScoringInstance], maxConcurrent: Int = 1, maxQueueWaitMS: Int = 500
    ) -> LiveDeployment {
        LiveDeployment(
            endpointName: endpoint, name: name,
            requestSettings: RequestSettings(
                maxConcurrentRequestsPerInstance: maxConcurrent, maxQueueWaitMS: maxQueueWaitMS),
            instances: instances, snapshotID: String(repeating: "0", count: 64))
    }

    func test<Value>(
        _ setup: TestingSetup = .router, _ body: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        let router = Router()
        gateway.addRoutes(to: router)
        var logger = Logger(label: "flowgate.gateway.test.app")
        logger.logLevel = .error
        return try await Application(router: router, logger: logger).test(setup, body)
    }
}

extension TestClientProtocol {
    /// `POST /endpoints/{endpoint}/score` with the primary key unless `key` says otherwise (`nil`: no header).
    func score(
        _ body: String = "{}", endpoint: String = GatewayFixture.endpoint,
        key: String? = GatewayFixture.keys.primary, deployment: String? = nil, accept: String? = nil,
        headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        var fields = headers
        fields[.contentType] = "application/json"
        if let key { fields[.authorization] = "Bearer \(key)" }
        if let deployment { fields[HTTPField.Name("azureml-model-deployment")!] = deployment }
        if let accept { fields[.accept] = accept }
        return try await execute(
            uri: "/endpoints/\(endpoint)/score", method: .post, headers: fields, body: ByteBuffer(string: body))
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The deployment that answered (`azureml-model-deployment`).
    var deployment: String? { headers[HTTPField.Name("azureml-model-deployment")!] }
}
