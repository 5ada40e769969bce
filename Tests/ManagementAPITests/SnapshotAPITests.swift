import FlowSpec
import Foundation
import HummingbirdTesting
import Platform
import Testing

/// Flow uploads: a tar, tar.gz or zip of a flow folder becomes a content-addressed snapshot (the same files give
/// the same id, 201 then 200) that a deployment can name; links, escaping paths and non-archives are refused.
@Suite struct SnapshotAPITests {
    @Test func theSameFolderUploadedTwiceHasOneID() async throws {
        let fixture = try APIFixture()
        let tar = try Archive.make(["tar", "-c", "-f", "-", "-C", APIFixture.example("python-only").path, "."])
        let gzip = try Archive.make(
            ["tar", "-c", "-z", "-f", "-", "-C", APIFixture.example("").path, "python-only"])
        // Over a real socket, so the archive arrives in many chunks.
        try await fixture.test(.live) { client in
            let first = try await client.upload("/snapshots", bytes: tar, contentType: "application/x-tar")
            #expect(first.status == .created, "\(first.text)")
            let id = try #require(first.json["id"].stringValue)
            #expect(id.count == 64)
            #expect(first.json["file_count"].intValue ?? 0 >= 5)
            let second = try await client.upload("/snapshots", bytes: tar, contentType: "application/x-tar")
            #expect(second.status == .ok)
            #expect(second.json["id"].stringValue == id)
            #expect(second.json["created_at"] == first.json["created_at"])
            // A single top-level folder is the flow itself, compressed or not.
            let compressed = try await client.upload("/snapshots", bytes: gzip, contentType: "application/gzip")
            #expect(compressed.json["id"].stringValue == id, "\(compressed.text)")

            try await client.send(.post, "/endpoints", json: ["name": "uploaded"])
            let deployment = try await client.send(
                .post, "/endpoints/uploaded/deployments", json: ["name": "blue", "snapshot_id": .string(id)])
            #expect(deployment.status == .accepted, "\(deployment.text)")
            #expect(deployment.json["snapshot_id"].stringValue == id)
            #expect(deployment.json["model"] == .null)
        }
    }

    @Test func aZipOfTheFolderHasTheTarsID() async throws {
        let fixture = try APIFixture()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("flowgate-zip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let zipFile = work.appendingPathComponent("flow.zip")
        _ = try Archive.make(
            ["zip", "-q", "-r", zipFile.path, "python-only", "-x", "*__pycache__*"],
            directory: APIFixture.example(""))
        let zipBytes = try [UInt8](Data(contentsOf: zipFile))
        let tar = try Archive.make(["tar", "-c", "-f", "-", "-C", APIFixture.example("python-only").path, "."])
        try await fixture.test(.live) { client in
            let zipped = try await client.upload("/snapshots", bytes: zipBytes, contentType: "application/zip")
            #expect(zipped.status == .created, "\(zipped.text)")
            let tarred = try await client.upload("/snapshots", bytes: tar, contentType: "application/x-tar")
            #expect(tarred.status == .ok)
            #expect(tarred.json["id"] == zipped.json["id"])
        }
    }

    @Test func aLargeFlowArrivesInManyChunks() async throws {
        let fixture = try APIFixture()
        let flow = fixture.root.appendingPathComponent("large-flow")
        try FileManager.default.copyItem(at: APIFixture.example("python-only"), to: flow)
        let data = (0..<(8 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
        try Data(data).write(to: flow.appendingPathComponent("data.bin"))
        let tar = try Archive.make(["tar", "-c", "-f", "-", "-C", flow.path, "."])
        try await fixture.test(.live) { client in
            let uploaded = try await client.upload("/snapshots", bytes: tar, contentType: "application/x-tar")
            #expect(uploaded.status == .created, "\(uploaded.text)")
            #expect((uploaded.json["byte_count"].intValue ?? 0) >= 8 << 20)
            let id = try #require(uploaded.json["id"].stringValue)
            let copy = try #require(fixture.controlPlane.snapshots.folder(of: id))
            #expect(try Data(contentsOf: copy.appendingPathComponent("data.bin")) == Data(data))
        }
    }

    @Test func linksAndNonArchivesAreRefused() async throws {
        let fixture = try APIFixture()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("flowgate-link-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: work.appendingPathComponent("flow"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        try Data("x".utf8).write(to: work.appendingPathComponent("flow/flow.dag.yaml"))
        try FileManager.default.createSymbolicLink(
            atPath: work.appendingPathComponent("flow/passwd").path, withDestinationPath: "/etc/passwd")
        let linked = try Archive.make(["tar", "-c", "-f", "-", "-C", work.path, "flow"])
        _ = try Archive.make(
            ["zip", "-q", "-r", "-y", work.appendingPathComponent("linked.zip").path, "flow"], directory: work)
        let linkedZip = try [UInt8](Data(contentsOf: work.appendingPathComponent("linked.zip")))
        try await fixture.test { client in
            let refusedZip = try await client.upload("/snapshots", bytes: linkedZip, contentType: "application/zip")
            #expect(refusedZip.status == .badRequest)
            #expect(refusedZip.text.contains("passwd"), "\(refusedZip.text)")
            let huge = [UInt8](repeating: 0, count: (64 << 20) + 1)
            let tooLarge = try await client.upload("/snapshots", bytes: huge, contentType: "application/x-tar")
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.errorCode == "PayloadTooLarge")
            let refused = try await client.upload("/snapshots", bytes: linked, contentType: "application/x-tar")
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("link"), "\(refused.text)")
            let text = try await client.upload("/snapshots", bytes: Array("hello".utf8), contentType: "text/plain")
            #expect(text.status == .badRequest)
            #expect(text.errorCode == "BadArgument")
        }
    }
}

/// Runs an archiver and returns what it writes to standard output.
enum Archive {
    static func make(_ arguments: [String], directory: URL? = nil) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin", "LC_ALL": "C"]
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(arguments)")
        return [UInt8](data)
    }
}
