import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization
import Testing

@testable import Platform

/// Deployment logs over a real socket: `follow=true` streams a line written after the request started, and ends
/// when the deployment is deleted or the server stops (without holding up its shutdown); a restarted server still
/// shows the earlier lines (from disk); `instance=` reads one instance alone.
@Suite("Platform server: deployment logs", .serialized)
struct DeploymentLogsTests {
    /// A `GET …/logs?follow=true` read as it arrives: its text so far and whether the server ended it cleanly.
    final class Follow: Sendable {
        final class Received: Sendable {
            let value = Mutex<(text: String, ended: Bool, error: String?)>(("", false, nil))
        }

        private let received = Received()
        let status: Int
        let headers: HTTPHeaders
        private let reader: Task<Void, Never>

        init(_ platform: PlatformHarness, _ path: String) async throws {
            var request = HTTPClientRequest(url: platform.base + path)
            request.headers.add(name: "Authorization", value: "Bearer \(platform.adminKey)")
            let response = try await PlatformHarness.client.execute(request, timeout: .seconds(600))
            status = Int(response.status.code)
            headers = response.headers
            let received = self.received
            reader = Task {
                do {
                    for try await chunk in response.body {
                        received.value.withLock { $0.text += String(buffer: chunk) }
                    }
                    received.value.withLock { $0.ended = true }
                } catch {
                    received.value.withLock { $0.error = "\(error)" }
                }
            }
        }

        var text: String { received.value.withLock { $0.text } }
        var ended: Bool { received.value.withLock { $0.ended } }
        var error: String? { received.value.withLock { $0.error } }

        /// Polls (generously) until `condition` holds; records an issue with what arrived when it never does.
        func wait(_ what: String, _ condition: @Sendable (Follow) -> Bool) async throws {
            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: .seconds(60))
            while !condition(self) {
                guard clock.now < deadline else {
                    Issue.record("timed out waiting for \(what); got: \(text.suffix(2_000)) error: \(error ?? "none")")
                    throw CancellationError()
                }
                try await Task.sleep(for: .milliseconds(20))
            }
        }

        func cancel() { reader.cancel() }
    }

    static func score(_ platform: PlatformHarness, _ key: String, marker: String) async throws {
        let reply = try await platform.call(
            .POST, "/endpoints/logs/score", json: #"{"seconds": 0, "marker": "\#(marker)"}"#, key: key,
            headers: [("azureml-model-deployment", "blue")])
        #expect(reply.status == 200, "\(reply.body)")
    }

    @Test func followStreamsNewLinesUntilTheDeploymentIsDeletedAndARestartKeepsThem() async throws {
        let nap = try FlowFolders.napping()
        defer { try? FileManager.default.removeItem(at: nap) }
        let platform = try await PlatformHarness()
        let key = try await platform.deploy(endpoint: "logs", flow: nap.path, traffic: false)
        let path = "/api/v1/endpoints/logs/deployments/blue/logs"

        let follow = try await Follow(platform, path + "?follow=true&lines=5")
        #expect(follow.status == 200)
        #expect(follow.headers["content-type"].first == "text/plain; charset=utf-8")
        try await follow.wait("the tail") { $0.text.contains("[provisioning]") || $0.text.contains("[blue-0]") }
        let before = follow.text.split(separator: "\n").count
        #expect(before <= 5)
        let alone = try await Follow(platform, path + "?follow=true&lines=1&instance=provisioning")
        try await alone.wait("provisioning's last line") { $0.text.contains("[provisioning]") }

        // Written after both requests started: the scoring request's line reaches the open answer.
        let marker = FlowFolders.temporary("logs-marker").path
        try await Self.score(platform, key, marker: marker)
        try? FileManager.default.removeItem(atPath: marker)
        try await follow.wait("the new request's line") { $0.text.contains("[blue-0] request finished") }
        #expect(!follow.ended)
        #expect(!alone.text.contains("[blue-0]"), "instance=provisioning streams provisioning's lines only")

        // Lines merge oldest first: every timestamp is no earlier than the one before it.
        let everything = try await platform.call(.GET, path + "?lines=10000", admin: true)
        let times = everything.body.split(separator: "\n").map { $0.prefix { $0 != " " } }
        #expect(times == times.sorted(), "\(everything.body.suffix(2_000))")
        let instance = try await platform.call(.GET, path + "?instance=blue-0&lines=10000", admin: true)
        #expect(instance.body.contains("[blue-0] request finished"))
        #expect(!instance.body.contains("[provisioning]"))
        let bad = try await platform.call(.GET, path + "?follow=maybe", admin: true)
        #expect(bad.status == 400, "\(bad.body)")

        // A restart: the earlier lines come from the files.
        let files = platform.directory.appendingPathComponent("logs/logs/blue")
        #expect(FileManager.default.fileExists(atPath: files.appendingPathComponent("blue-0.log").path))
        await platform.stop(removing: false)
        follow.cancel()
        alone.cancel()
        let restarted = try await PlatformHarness(directory: platform.directory)
        let again = try await restarted.call(.GET, path + "?lines=10000", admin: true)
        #expect(again.status == 200)
        #expect(again.body.contains("[blue-0] request finished"), "\(again.body.suffix(2_000))")
        #expect(again.body.hasPrefix(everything.body.prefix(200)), "the same lines, oldest first")

        // Deleting the deployment ends its followers and removes its files.
        let watching = try await Follow(restarted, path + "?follow=true&lines=1")
        try await watching.wait("the tail after the restart") { !$0.text.isEmpty }
        let deleted = try await restarted.call(.DELETE, "/api/v1/endpoints/logs/deployments/blue", admin: true)
        #expect(deleted.status == 202, "\(deleted.body)")
        try await watching.wait("the stream to end with the deployment") { $0.ended || $0.error != nil }
        #expect(watching.ended, "ended by the server, cleanly: \(watching.error ?? "")")
        _ = try await restarted.settled("/api/v1/endpoints/logs/deployments/blue")
        #expect(!FileManager.default.fileExists(atPath: files.path))
        await restarted.stop()
    }

    /// A deployment that failed quickly (its flow does not validate): it has provisioning lines and no instances.
    static func quiet(_ platform: PlatformHarness) async throws {
        let created = try await platform.call(.POST, "/api/v1/endpoints", json: #"{"name": "quiet"}"#, admin: true)
        #expect(created.status == 202)
        let broken = try FlowFolders.broken()
        defer { try? FileManager.default.removeItem(at: broken) }
        let made = try await platform.call(
            .POST, "/api/v1/endpoints/quiet/deployments", json: #"{"name": "blue", "model": "\#(broken.path)"}"#,
            admin: true)
        #expect(made.status == 202, "\(made.body)")
        _ = try await platform.settled("/api/v1/endpoints/quiet/deployments/blue")
    }

    @Test func aFollowerGoesWhenItsClientDisconnects() async throws {
        let platform = try await PlatformHarness()
        try await Self.quiet(platform)
        let log = platform.server.controlPlane.reconciler.deploymentLog(endpoint: "quiet", deployment: "blue")
        let follow = try await Follow(platform, "/api/v1/endpoints/quiet/deployments/blue/logs?follow=true")
        try await follow.wait("the tail") { $0.text.contains("[provisioning]") }
        #expect(log.followerCount == 1)
        follow.cancel()
        // No line is written meanwhile: the server notices the closed connection itself.
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(60))
        while log.followerCount > 0, clock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(log.followerCount == 0, "the follower went with its client")
        await platform.stop()
    }

    @Test func anOpenFollowDoesNotHoldUpShutdown() async throws {
        let platform = try await PlatformHarness()
        try await Self.quiet(platform)
        let follow = try await Follow(platform, "/api/v1/endpoints/quiet/deployments/blue/logs?follow=true")
        try await follow.wait("the tail") { $0.text.contains("[provisioning]") }
        await platform.stop()
        // Had the follower held the application up, the 10 s grace would have run out and the group cancelled the
        // connection mid-answer (an error here); it was ended by the server, cleanly, instead.
        try await follow.wait("the stream to end") { $0.ended || $0.error != nil }
        #expect(follow.ended, "\(follow.error ?? "")")
    }
}
