import Foundation
import NIOHTTP1
import Testing

/// Graceful shutdown: a scoring request in flight when the server is told to stop still gets its answer.
@Suite("Platform server: graceful shutdown", .serialized)
struct ShutdownTests {
    @Test func aRequestInFlightFinishesBeforeTheServerStops() async throws {
        let platform = try await PlatformHarness()
        let nap = try FlowFolders.napping()
        let settings = #", "request_settings": {"request_timeout_ms": 60000}"#
        let key = try await platform.deploy(endpoint: "draining", flow: nap.path, extra: settings)
        let marker = FlowFolders.temporary("marker").path
        let inFlight = Task {
            try await platform.call(
                .POST, "/endpoints/draining/score", json: #"{"seconds": 1.0, "marker": "\#(marker)"}"#, key: key)
        }
        while !FileManager.default.fileExists(atPath: marker) { try await Task.sleep(for: .milliseconds(20)) }
        await platform.stop(removing: false)
        let reply = try await inFlight.value
        #expect(reply.status == 200, "\(reply.body)")
        #expect(reply.json["slept"] as? Double == 1.0)
        await #expect(throws: (any Error).self) {
            try await platform.call(.GET, "/health")
        }
        try? FileManager.default.removeItem(atPath: marker)
        try? FileManager.default.removeItem(at: platform.directory)
        try? FileManager.default.removeItem(at: nap)
    }
}
