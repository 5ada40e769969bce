import FlowServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Platform
import Testing

/// Mirroring: a sampled share of live requests is copied to the mirror deployment in the background; the client's
/// answer comes from the live deployment unchanged and never waits for the mirror; requests that name a
/// deployment are never copied; a full mirror skips copies (counted) and its failures land in its own metrics.
@Suite struct GatewayMirrorTests {
    /// With a mirror that holds every copy until the end, the second half of the requests is answered (from
    /// blue, unchanged) after a copy is known to be held; about half the requests reach the mirror, each once.
    @Test(.timeLimit(.minutes(2)))
    func halfTheRequestsAreCopiedAndTheClientNeverWaitsForTheMirror() async throws {
        let blue = EchoTestInstance(id: "blue-0")
        let green = GatedTestInstance(id: "green-0")
        let requests = 400
        let fixture = GatewayFixture(
            traffic: ["blue": 100], mirrorTraffic: ["green": 50],
            deployments: [
                GatewayFixture.deployment("blue", [blue]),
                GatewayFixture.deployment("green", [green], maxConcurrent: requests),
            ])
        try await fixture.test { client async throws in
            for index in 0..<requests {
                if index == requests / 2 {
                    // From here on at least one copy is held by the mirror (nothing is released before the end).
                    await green.waitForEntries(1)
                }
                let body = #"{"question":"q\#(index)"}"#
                let response = try await client.score(body)
                #expect(response.status == .ok)
                #expect(response.text == body)
                #expect(response.deployment == "blue")
            }
        }
        green.release(requests)
        await fixture.gateway.drain()
        let mirrored = green.entered.count
        // Binomial(400, 0.5): mean 200, sd 10; ±4 sd.
        #expect((160...240).contains(mirrored), "mirrored \(mirrored) of \(requests)")
        #expect(blue.bodies.count == requests)
        let metrics = fixture.gateway.metricsText()
        #expect(
            metrics.contains(
                #"flowgate_gateway_mirror_requests_total{endpoint="support-bot",deployment="green",status_code="200"} \#(mirrored)"#
            ), "\(metrics)")
        #expect(
            metrics.contains(
                #"flowgate_gateway_requests_total{endpoint="support-bot",deployment="blue",status_code="200"} \#(requests)"#
            ))
        #expect(!metrics.contains(#"flowgate_gateway_requests_total{endpoint="support-bot",deployment="green""#))
    }

    @Test func mirrorGetsTheClientsBodyAndItsFailuresStayOutOfTheAnswer() async throws {
        let blue = EchoTestInstance(id: "blue-0")
        let green = EchoTestInstance(id: "green-0", status: .internalServerError)
        let fixture = GatewayFixture(
            traffic: ["blue": 100], mirrorTraffic: ["green": 50],
            deployments: [
                GatewayFixture.deployment("blue", [blue]),
                GatewayFixture.deployment("green", [green], maxConcurrent: 100),
            ])
        let sent = (0..<60).map { #"{"question":"q\#($0)"}"# }
        try await fixture.test { client async throws in
            for body in sent {
                let response = try await client.score(body)
                #expect(response.status == .ok)
                #expect(response.text == body)
            }
        }
        await fixture.gateway.drain()
        let copies = green.bodies
        #expect(!copies.isEmpty)
        #expect(Set(copies).isSubset(of: Set(sent)))
        #expect(copies.count == Set(copies).count)
        #expect(
            fixture.gateway.metricsText().contains(
                #"flowgate_gateway_mirror_requests_total{endpoint="support-bot",deployment="green",status_code="500"} \#(copies.count)"#
            ))
    }

    @Test func requestsNamingADeploymentAreNeverMirrored() async throws {
        let blue = EchoTestInstance(id: "blue-0")
        let green = EchoTestInstance(id: "green-0")
        let fixture = GatewayFixture(
            traffic: ["blue": 100], mirrorTraffic: ["green": 50],
            deployments: [
                GatewayFixture.deployment("blue", [blue]),
                GatewayFixture.deployment("green", [green], maxConcurrent: 100),
            ])
        try await fixture.test { client async throws in
            for index in 0..<100 {
                let response = try await client.score(#"{"n":\#(index)}"#, deployment: "blue")
                #expect(response.status == .ok)
            }
        }
        await fixture.gateway.drain()
        #expect(green.bodies.isEmpty)
        #expect(blue.bodies.count == 100)
    }

    /// A mirror with one slot, held by the first copy: later copies are skipped and counted, never queued.
    @Test func copiesAreSkippedWhenTheMirrorIsFull() async throws {
        let blue = EchoTestInstance(id: "blue-0")
        let green = GatedTestInstance(id: "green-0")
        let fixture = GatewayFixture(
            traffic: ["blue": 100], mirrorTraffic: ["green": 50],
            deployments: [GatewayFixture.deployment("blue", [blue]), GatewayFixture.deployment("green", [green])])
        try await fixture.test { client async throws in
            // P(fewer than two copies in 60) = 61 / 2^60.
            for index in 0..<60 {
                #expect(try await client.score(#"{"n":\#(index)}"#).status == .ok)
            }
        }
        green.release(60)
        await fixture.gateway.drain()
        #expect(green.entered.count >= 1)
        let metrics = fixture.gateway.metricsText()
        let skipped = metrics.split(separator: "\n").first {
            $0.hasPrefix(#"flowgate_gateway_mirror_skipped_total{endpoint="support-bot",deployment="green"}"#)
        }
        let count = try #require(skipped.flatMap { Int($0.split(separator: " ").last ?? "") })
        #expect(count >= 1)
        #expect(count + green.entered.count <= 60)
    }

    /// A copied request's body is read into memory up to what an instance accepts; a larger one is the 413 the
    /// instance would give, and neither deployment sees it. (The table is hand-built: 100 % makes every request
    /// a copy; the store allows at most 50.)
    @Test func aBodyOverTheInstanceLimitIs413WhenMirrored() async throws {
        let blue = EchoTestInstance(id: "blue-0")
        let green = EchoTestInstance(id: "green-0")
        let fixture = GatewayFixture(
            traffic: ["blue": 100], mirrorTraffic: ["green": 100],
            deployments: [GatewayFixture.deployment("blue", [blue]), GatewayFixture.deployment("green", [green])])
        try await fixture.test { client async throws in
            let tooLarge = try await client.score(String(repeating: " ", count: FlowServerLimits().maxBodyBytes + 1))
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.text.contains("larger than the limit"))
            #expect(try await client.score(#"{"n":1}"#).status == .ok)
        }
        await fixture.gateway.drain()
        #expect(blue.bodies == [#"{"n":1}"#])
        #expect(green.bodies == [#"{"n":1}"#])
    }

    /// The figures for the issue note: client latency (median, 95th percentile) with no mirror and with a 50 %
    /// mirror that holds every copy. Printed, not asserted (wall-clock); the behaviour asserted is that every
    /// answer is blue's while the copies are held.
    @Test(.timeLimit(.minutes(2)))
    func clientLatencyWithAndWithoutABlockedMirror() async throws {
        let requests = 300
        func run(mirror: Bool) async throws -> (median: Duration, p95: Duration, copies: Int) {
            let green = GatedTestInstance(id: "green-0")
            let fixture = GatewayFixture(
                traffic: ["blue": 100], mirrorTraffic: mirror ? ["green": 50] : [:],
                deployments: [
                    GatewayFixture.deployment("blue", [EchoTestInstance(id: "blue-0")]),
                    GatewayFixture.deployment("green", [green], maxConcurrent: requests),
                ])
            let durations = try await fixture.test { client async throws in
                var durations: [Duration] = []
                for index in 0..<requests {
                    let start = ContinuousClock.now
                    let response = try await client.score(#"{"n":\#(index)}"#)
                    durations.append(ContinuousClock.now - start)
                    #expect(response.status == .ok && response.deployment == "blue")
                }
                return durations.sorted()
            }
            green.release(requests)
            await fixture.gateway.drain()
            return (durations[requests / 2], durations[requests * 95 / 100], green.entered.count)
        }
        let plain = try await run(mirror: false)
        let mirrored = try await run(mirror: true)
        #expect(plain.copies == 0)
        #expect(mirrored.copies > 0)
        print(
            "mirror figures (\(requests) requests, in-process): no mirror median \(plain.median) p95 \(plain.p95); "
                + "50 % blocked mirror median \(mirrored.median) p95 \(mirrored.p95), \(mirrored.copies) copies")
    }
}
