import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Platform
import Testing

/// Admission per deployment: `max_concurrent_requests_per_instance × instances` run, as many again wait up to
/// `max_queue_wait_ms`, the rest are 429 at once; an open stream holds its slot; `drain()` waits for all of it.
/// Orderings come from events (instance entries, an event log), never from elapsed time; a regression that
/// leaves a request gated fails on the time limit instead of hanging.
@Suite(.timeLimit(.minutes(1))) struct GatewayAdmissionTests {
    static let requestID = HTTPField.Name("x-request-id")!

    @Test func beyondTwiceTheLimitIs429AtOnceAndQueuedRequestsRunWhenSlotsFree() async throws {
        let gated = GatedTestInstance(id: "blue-0")
        let fixture = GatewayFixture(
            traffic: ["blue": 100],
            deployments: [GatewayFixture.deployment("blue", [gated], maxConcurrent: 2, maxQueueWaitMS: 300_000)])
        try await fixture.test { client async throws in
            try await withThrowingTaskGroup(of: (String, HTTPResponse.Status, String).self) { group in
                for index in 0..<5 {
                    if index == 2 { await gated.waitForEntries(2) }
                    group.addTask {
                        let response = try await client.score(headers: [Self.requestID: "run-\(index)"])
                        return ("run-\(index)", response.status, response.text)
                    }
                }
                // Two run, two wait: the one that finishes first is the one refused at once.
                let refused = try #require(try await group.next())
                #expect(refused.1 == .tooManyRequests)
                #expect(
                    refused.2.contains(
                        "Deployment 'blue' of endpoint 'support-bot' is at capacity: 2 requests are running and 2 are "
                            + "waiting. Retry later."))
                #expect(gated.entered.count == 2)
                gated.release(4)
                var answered: [String] = []
                for try await (id, status, text) in group {
                    #expect(status == .ok)
                    #expect(text == #"{"request_id":"\#(id)"}"#)
                    answered.append(id)
                }
                #expect(answered.count == 4)
                #expect(Set(gated.entered) == Set(answered))
                #expect(!gated.entered.contains(refused.0))
            }
        }
    }

    @Test func waitingPastMaxQueueWaitIs429AndLeavesTheQueue() async throws {
        let gated = GatedTestInstance(id: "blue-0")
        let fixture = GatewayFixture(
            traffic: ["blue": 100], deployments: [GatewayFixture.deployment("blue", [gated], maxQueueWaitMS: 20)])
        try await fixture.test { client async throws in
            async let first = client.score(headers: [Self.requestID: "first"])
            await gated.waitForEntries(1)
            let waited = try await client.score(headers: [Self.requestID: "waited"])
            #expect(waited.status == .tooManyRequests)
            #expect(
                waited.text.contains(
                    "Deployment 'blue' of endpoint 'support-bot' had no free slot within max_queue_wait_ms (20 ms)."))
            #expect(waited.deployment == "blue")
            // Had the timed-out request stayed in the (one place) queue, this one would be refused at once.
            let again = try await client.score()
            #expect(again.text.contains("had no free slot within max_queue_wait_ms"))
            #expect(gated.entered == ["first"])
            gated.release(1)
            #expect(try await first.status == .ok)
            gated.release(1)
            #expect(try await client.score(headers: [Self.requestID: "after"]).status == .ok)
            #expect(gated.entered == ["first", "after"])
        }
    }

    @Test func anOpenStreamHoldsItsSlotAndDrainWaitsForIt() async throws {
        let gated = GatedTestInstance(id: "blue-0", streaming: true)
        let fixture = GatewayFixture(
            traffic: ["blue": 100], deployments: [GatewayFixture.deployment("blue", [gated], maxQueueWaitMS: 0)])
        let events = EventLog()
        try await fixture.test { client async throws in
            async let stream = client.score(accept: "text/event-stream")
            await gated.waitForEntries(1)
            let busy = try await client.score()
            #expect(busy.status == .tooManyRequests)
            let drained = Task {
                await fixture.gateway.drain()
                events.append("drained")
            }
            // Give a drain that does not wait the chance to return early; the assertion is on the order below.
            try await Task.sleep(for: .milliseconds(50))
            events.append("released")
            gated.release(1)
            let streamed = try await stream
            await drained.value
            #expect(events.recorded("released", before: "drained"))
            #expect(streamed.status == .ok)
            #expect(streamed.headers[.contentType] == "text/event-stream; charset=utf-8")
            #expect(streamed.text == "data: {\"part\": 1}\n\ndata: {\"part\": 2}\n\n")
            gated.release(1)
            #expect(try await client.score().status == .ok)
        }
    }

    @Test func drainWaitsForAnInFlightRequestAndReturnsAtOnceWhenIdle() async throws {
        let gated = GatedTestInstance(id: "blue-0")
        let fixture = GatewayFixture(traffic: ["blue": 100], deployments: [GatewayFixture.deployment("blue", [gated])])
        await fixture.gateway.drain()
        let events = EventLog()
        try await fixture.test { client async throws in
            async let answer = client.score(headers: [Self.requestID: "slow"])
            await gated.waitForEntries(1)
            let drained = Task {
                await fixture.gateway.drain()
                events.append("drained")
            }
            try await Task.sleep(for: .milliseconds(50))
            events.append("released")
            gated.release(1)
            await drained.value
            #expect(events.recorded("released", before: "drained"))
            #expect(try await answer.status == .ok)
        }
    }

    /// Round robin alone would send the third request back to the busy first instance.
    @Test func theInstanceWithFewestRequestsInFlightIsChosen() async throws {
        let first = GatedTestInstance(id: "blue-0")
        let second = GatedTestInstance(id: "blue-1")
        let fixture = GatewayFixture(
            traffic: ["blue": 100],
            deployments: [GatewayFixture.deployment("blue", [first, second], maxConcurrent: 2)])
        try await fixture.test { client async throws in
            async let one = client.score(headers: [Self.requestID: "one"])
            await first.waitForEntries(1)
            async let two = client.score(headers: [Self.requestID: "two"])
            await second.waitForEntries(1)
            second.release(1)
            #expect(try await two.status == .ok)
            async let three = client.score(headers: [Self.requestID: "three"])
            await second.waitForEntries(2)
            second.release(1)
            #expect(try await three.status == .ok)
            first.release(1)
            #expect(try await one.status == .ok)
        }
        #expect(first.entered == ["one"])
        #expect(second.entered == ["two", "three"])
    }

    @Test func aRestartedDeploymentStartsWithFreshSlots() async throws {
        let old = GatedTestInstance(id: "blue-0")
        let fixture = GatewayFixture(
            traffic: ["blue": 100], deployments: [GatewayFixture.deployment("blue", [old], maxQueueWaitMS: 0)])
        try await fixture.test { client async throws in
            async let held = client.score()
            await old.waitForEntries(1)
            #expect(try await client.score().status == .tooManyRequests)
            let restarted = FixedAnswerTestInstance(id: "blue-0")
            fixture.live.update(GatewayFixture.endpoint) {
                $0?.deployments["blue"] = GatewayFixture.deployment("blue", [restarted], maxQueueWaitMS: 0)
            }
            #expect(try await client.score().status == .ok)
            old.release(1)
            #expect(try await held.status == .ok)
            #expect(restarted.received.count == 1)
        }
    }
}
