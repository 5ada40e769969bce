import Foundation
import Testing

/// The per-minute history the console's Monitoring tab reads, fed by the gateway's answers.
@Suite("Platform server: metrics history", .serialized)
struct MetricsHistoryRouteTests {
    @Test func scoredRequestsShowUpInTheDeploymentsMinutes() async throws {
        let platform = try await PlatformHarness()
        let key = try await platform.deploy(endpoint: "charted", flow: PlatformHarness.example("python-only"))
        for _ in 0..<5 {
            #expect(try await platform.call(.POST, "/endpoints/charted/score", json: "{}", key: key).status == 200)
        }
        // The instance's 400 reaches the client wrapped as the gateway's 424, counted as a 4xx answer.
        let bad = try await platform.call(.POST, "/endpoints/charted/score", json: "[1]", key: key)
        #expect(bad.status == 424, "\(bad.body)")

        let reply = try await platform.call(
            .GET, "/api/v1/endpoints/charted/deployments/blue/metrics?minutes=5", admin: true)
        #expect(reply.status == 200, "\(reply.body)")
        #expect(reply.json["interval_seconds"] as? Int == 60)
        let minutes = try #require(reply.json["minutes"] as? [[String: Any]])
        #expect(minutes.count == 5)
        // The requests may straddle a minute boundary: add the minutes up.
        let requests = minutes.compactMap { $0["requests"] as? [String: Int] }
        #expect(requests.reduce(0) { $0 + ($1["2xx"] ?? 0) } == 5, "\(minutes)")
        #expect(requests.reduce(0) { $0 + ($1["4xx"] ?? 0) } == 1, "\(minutes)")
        #expect(minutes.reduce(0) { $0 + ($1["errors"] as? Int ?? 0) } == 1)
        let busy = try #require(minutes.last { (($0["requests"] as? [String: Int])?["2xx"] ?? 0) > 0 })
        let latency = try #require(busy["latency_ms"] as? [String: Any])
        let p50 = try #require(latency["p50"] as? Double)
        let p99 = try #require(latency["p99"] as? Double)
        #expect(p50 > 0 && p99 >= p50, "\(latency)")
        let starts = minutes.compactMap { $0["start"] as? String }
        #expect(starts == starts.sorted() && starts.allSatisfy { $0.hasSuffix(":00Z") }, "\(starts)")

        let tooMany = try await platform.call(
            .GET, "/api/v1/endpoints/charted/deployments/blue/metrics?minutes=61", admin: true)
        #expect(tooMany.status == 400, "\(tooMany.body)")
        let missing = try await platform.call(
            .GET, "/api/v1/endpoints/charted/deployments/green/metrics", admin: true)
        #expect(missing.status == 404, "\(missing.body)")
        await platform.stop()
    }
}
