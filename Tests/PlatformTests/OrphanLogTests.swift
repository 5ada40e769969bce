import Foundation
import Testing

@testable import Platform

/// Log folders of deployments the store no longer has are removed when the reconciler starts.
@Suite struct OrphanLogTests {
    @Test func aStartRemovesTheLogsOfDeploymentsTheStoreDoesNotHave() async throws {
        let fixture = try RuntimeFixture()
        let logs = fixture.home.directory.file("logs")
        try await fixture.createEndpoint("kept")
        try await fixture.createDeployment(
            Deployment(endpointName: "kept", name: "blue", flowPath: fixture.home.root.appendingPathComponent("none").path))
        for folder in ["kept/blue", "kept/gone", "gone/blue"] {
            let url = logs.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            try Data("2026-11-26T08:02:05Z info [blue-0] old\n".utf8).write(to: url.appendingPathComponent("blue-0.log"))
        }
        fixture.start()
        try await fixture.poll("the orphans to go") {
            FileManager.default.fileExists(atPath: logs.appendingPathComponent("gone").path) ? nil : true
        }
        #expect(!FileManager.default.fileExists(atPath: logs.appendingPathComponent("kept/gone").path))
        // The kept deployment's log is known once the first pass scheduled it; its file was left alone.
        let kept = try await fixture.poll("the kept deployment's log") {
            await fixture.reconciler.logs(endpoint: "kept", deployment: "blue", lines: 100, instance: "blue-0")
        }
        #expect(kept == ["2026-11-26T08:02:05Z info [blue-0] old"])
        _ = try await fixture.settled("blue", endpoint: "kept")
        await fixture.stop()
    }
}
