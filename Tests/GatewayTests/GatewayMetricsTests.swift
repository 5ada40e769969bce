import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Platform
import Testing

/// The gateway's metric families: requests by endpoint, deployment and status code, and their duration.
@Suite struct GatewayMetricsTests {
    @Test func requestsAreCountedByEndpointDeploymentAndStatus() async throws {
        let blue = FixedAnswerTestInstance(id: "blue-0")
        let green = FixedAnswerTestInstance(
            id: "green-0", status: .badRequest, body: #"{"error":{"code":"UserError","message":"bad"}}"#)
        let fixture = GatewayFixture(
            traffic: ["blue": 100],
            deployments: [GatewayFixture.deployment("blue", [blue]), GatewayFixture.deployment("green", [green])])
        try await fixture.test { client async throws in
            #expect(try await client.score().status == .ok)
            #expect(try await client.score().status == .ok)
            #expect(try await client.score(deployment: "green").status.code == 424)
            #expect(try await client.score(key: "wrong-key-0123456789").status == .unauthorized)
            #expect(try await client.score(endpoint: "made-up-name-1").status == .notFound)
            #expect(try await client.score(endpoint: "made-up-name-2").status == .notFound)
        }
        let text = fixture.gateway.metricsText()
        #expect(text.contains("# TYPE flowgate_gateway_requests_total counter"))
        #expect(
            text.contains(
                #"flowgate_gateway_requests_total{endpoint="support-bot",deployment="blue",status_code="200"} 2"#))
        #expect(
            text.contains(
                #"flowgate_gateway_requests_total{endpoint="support-bot",deployment="green",status_code="424"} 1"#))
        #expect(
            text.contains(#"flowgate_gateway_requests_total{endpoint="support-bot",deployment="",status_code="401"} 1"#)
        )
        // Unknown endpoints share one label set: callers cannot grow the metrics by inventing names.
        #expect(text.contains(#"flowgate_gateway_requests_total{endpoint="",deployment="",status_code="404"} 2"#))
        #expect(!text.contains("made-up-name"))
        #expect(text.contains("# TYPE flowgate_gateway_request_duration_seconds histogram"))
        #expect(
            text.contains(
                #"flowgate_gateway_request_duration_seconds_count{endpoint="support-bot",deployment="blue"} 2"#))
        #expect(!text.contains("Flow_Request"))
    }
}
