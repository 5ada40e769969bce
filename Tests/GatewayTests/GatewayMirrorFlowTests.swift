import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Platform
import Testing

/// Mirroring over real flow servers (python workers): every client answer is exactly the live flow's answer for
/// its body, and the mirror deployment's own flow runs the copies successfully (its metric family counts 200s).
@Suite struct GatewayMirrorFlowTests {
    @Test(.timeLimit(.minutes(3)))
    func realFlowsAnswerTheClientWhileTheMirrorRunsCopies() async throws {
        let blue = try await FlowServerTestInstance(id: "blue-0", example: "python-only")
        defer { blue.close() }
        let green = try await FlowServerTestInstance(id: "green-0", example: "python-only")
        defer { green.close() }
        let fixture = GatewayFixture(
            traffic: ["blue": 100], mirrorTraffic: ["green": 50],
            deployments: [
                GatewayFixture.deployment("blue", [blue], maxConcurrent: 4),
                GatewayFixture.deployment("green", [green], maxConcurrent: 4),
            ])
        let bodies = (0..<40).map { #"{"text": "w\#($0) b a b w\#($0)", "top_n": 1}"# }
        var expected: [String] = []
        for body in bodies {
            let direct = try await blue.scoreDirectly(body)
            #expect(direct.0 == .ok)
            expected.append(direct.1)
        }
        let answers = expected
        try await fixture.test { client async throws in
            for (body, answer) in zip(bodies, answers) {
                let response = try await client.score(body)
                #expect(response.status == .ok)
                #expect(response.deployment == "blue")
                #expect(response.text == answer)
            }
        }
        await fixture.gateway.drain()
        let metrics = fixture.gateway.metricsText()
        let line = metrics.split(separator: "\n").first {
            $0.hasPrefix(
                #"flowgate_gateway_mirror_requests_total{endpoint="support-bot",deployment="green",status_code="200"}"#)
        }
        // 40 draws at 50 %: P(no copy) = 2^-40.
        let copies = try #require(line.flatMap { Int($0.split(separator: " ").last ?? "") })
        #expect((1...40).contains(copies))
        #expect(!metrics.contains(#"deployment="green",status_code="4"#))
        #expect(!metrics.contains(#"deployment="green",status_code="5"#))
    }
}
