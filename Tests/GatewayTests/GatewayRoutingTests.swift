import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Platform
import Testing

/// Which deployment answers: traffic weights over the ready deployments, the `azureml-model-deployment` header,
/// and 404 when nothing can answer.
@Suite struct GatewayRoutingTests {
    @Test func unknownEndpointIs404() async throws {
        let fixture = GatewayFixture()
        try await fixture.test { client async throws in
            let response = try await client.score(endpoint: "no-such-endpoint")
            #expect(response.status == .notFound)
            #expect(
                response.text
                    == #"{"error":{"code":"UserError","message":"Endpoint 'no-such-endpoint' does not exist."}}"#
                    + "\n")
        }
    }

    @Test func noTrafficIs404AndANotReadyDeploymentInTrafficIsSkipped() async throws {
        let blue = FixedAnswerTestInstance(id: "blue-0")
        let green = FixedAnswerTestInstance(id: "green-0")
        let fixture = GatewayFixture(
            traffic: [:],
            deployments: [GatewayFixture.deployment("blue", [blue]), GatewayFixture.deployment("green", [green])])
        try await fixture.test { client async throws in
            let none = try await client.score()
            #expect(none.status == .notFound)
            #expect(none.text.contains("Endpoint 'support-bot' has no ready deployment with traffic"))
            // green takes half the traffic but is not ready (not published): every request goes to blue.
            fixture.live.update(GatewayFixture.endpoint) { endpoint in
                endpoint?.traffic = ["blue": 50, "green": 50]
                endpoint?.deployments["green"] = nil
            }
            for _ in 0..<20 {
                let response = try await client.score()
                #expect(response.status == .ok)
                #expect(response.deployment == "blue")
            }
            fixture.live.update(GatewayFixture.endpoint) { $0?.deployments = [:] }
            #expect(try await client.score().status == .notFound)
        }
        #expect(green.received.isEmpty)
    }

    @Test func headerPicksADeploymentAndAMissingOneIs404() async throws {
        let blue = FixedAnswerTestInstance(id: "blue-0")
        let green = FixedAnswerTestInstance(id: "green-0")
        let fixture = GatewayFixture(
            traffic: ["blue": 100],
            deployments: [GatewayFixture.deployment("blue", [blue]), GatewayFixture.deployment("green", [green])])
        try await fixture.test { client async throws in
            let picked = try await client.score(deployment: "green")
            #expect(picked.status == .ok)
            #expect(picked.deployment == "green")
            let missing = try await client.score(deployment: "purple")
            #expect(missing.status == .notFound)
            #expect(
                missing.text.contains("Deployment 'purple' of endpoint 'support-bot' does not exist or is not ready."))
            let unauthorized = try await client.score(key: nil, deployment: "green")
            #expect(unauthorized.status == .unauthorized)
        }
        #expect(green.received.count == 1)
        #expect(blue.received.isEmpty)
    }

    /// 1,000 draws at p = 0.1 have a standard deviation of about 0.95 %; ±4 % is more than four of them.
    @Test func trafficWeightsSplitRequests90To10() async throws {
        let blue = FixedAnswerTestInstance(id: "blue-0")
        let green = FixedAnswerTestInstance(id: "green-0")
        let fixture = GatewayFixture(
            traffic: ["blue": 90, "green": 10],
            deployments: [GatewayFixture.deployment("blue", [blue]), GatewayFixture.deployment("green", [green])])
        let counts = try await fixture.test { client async throws in
            var counts: [String: Int] = [:]
            for _ in 0..<1_000 {
                let response = try await client.score()
                #expect(response.status == .ok)
                counts[response.deployment ?? "none", default: 0] += 1
            }
            return counts
        }
        #expect(counts["blue", default: 0] + counts["green", default: 0] == 1_000)
        #expect((60...140).contains(counts["green", default: 0]), "green answered \(counts["green", default: 0])")
        #expect(blue.received.count == counts["blue"])
        #expect(green.received.count == counts["green"])
    }

    @Test func instancesShareRequestsInTurn() async throws {
        let instances = (0..<3).map { FixedAnswerTestInstance(id: "blue-\($0)") }
        let fixture = GatewayFixture(
            traffic: ["blue": 100], deployments: [GatewayFixture.deployment("blue", instances)])
        try await fixture.test { client async throws in
            for _ in 0..<9 { #expect(try await client.score().status == .ok) }
        }
        #expect(instances.map(\.received.count) == [3, 3, 3])
    }

    @Test func swaggerComesFromTheChosenDeployment() async throws {
        let blue = FixedAnswerTestInstance(id: "blue-0")
        let green = FixedAnswerTestInstance(id: "green-0")
        let fixture = GatewayFixture(
            traffic: ["blue": 100],
            deployments: [GatewayFixture.deployment("blue", [blue]), GatewayFixture.deployment("green", [green])])
        try await fixture.test { client async throws in
            let key: HTTPFields = [.authorization: "Bearer \(GatewayFixture.keys.primary)"]
            let byTraffic = try await client.execute(
                uri: "/endpoints/support-bot/swagger.json", method: .get, headers: key)
            #expect(byTraffic.status == .ok)
            #expect(byTraffic.text == #"{"swagger":"blue-0"}"#)
            #expect(byTraffic.headers[.contentType] == "application/json")
            var picked = key
            picked[HTTPField.Name("azureml-model-deployment")!] = "green"
            let byHeader = try await client.execute(
                uri: "/endpoints/support-bot/swagger.json", method: .get, headers: picked)
            #expect(byHeader.text == #"{"swagger":"green-0"}"#)
            let unknown = try await client.execute(
                uri: "/endpoints/nothing-here/swagger.json", method: .get, headers: key)
            #expect(unknown.status == .notFound)
        }
    }
}
