import Foundation
import Testing

@testable import Platform

@Suite struct FlowSnapshotsTests {
    /// A flow folder with a nested file, plus the snapshots area of a fresh data directory.
    struct Fixture {
        let home = TemporaryHome()
        let flow: URL
        let snapshots: FlowSnapshots

        init(limits: SnapshotLimits = SnapshotLimits()) throws {
            flow = home.root.appendingPathComponent("flow")
            try FileManager.default.createDirectory(
                at: flow.appendingPathComponent("tools"), withIntermediateDirectories: true)
            try Data("inputs: {}\n".utf8).write(to: flow.appendingPathComponent("flow.dag.yaml"))
            try Data("def f(): pass\n".utf8).write(to: flow.appendingPathComponent("tools/f.py"))
            snapshots = FlowSnapshots(directory: home.directory, limits: limits)
        }

        func write(_ text: String, to relative: String) throws {
            try Data(text.utf8).write(to: flow.appendingPathComponent(relative))
        }

        /// Removes the read-only snapshots so the temporary folder can go.
        func cleanUp() { FlowSnapshots.remove(snapshots.root) }
    }

    func run(_ arguments: [String], in folder: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
        process.arguments = arguments
        process.currentDirectoryURL = folder
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func sameContentSameSnapshotAndEditsMakeANewOne() throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        let first = try fixture.snapshots.register(folder: fixture.flow)
        #expect(FlowSnapshot.isValidID(first.id))
        #expect(first.fileCount == 2)
        // Timestamps, modes and the folder's location do not change the hash.
        let copy = fixture.home.root.appendingPathComponent("copy")
        try FileManager.default.copyItem(at: fixture.flow, to: copy)
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: 0), .posixPermissions: 0o600],
            ofItemAtPath: copy.appendingPathComponent("flow.dag.yaml").path)
        #expect(try fixture.snapshots.register(folder: copy).id == first.id)
        // Tooling folders are skipped.
        try FileManager.default.createDirectory(
            at: fixture.flow.appendingPathComponent("__pycache__"), withIntermediateDirectories: true)
        try fixture.write("bytecode", to: "__pycache__/f.pyc")
        #expect(try fixture.snapshots.register(folder: fixture.flow).id == first.id)

        // Editing the folder later leaves the snapshot as it was and gives the new content a new id.
        try fixture.write("inputs: {x: {type: string}}\n", to: "flow.dag.yaml")
        let second = try fixture.snapshots.register(folder: fixture.flow)
        #expect(second.id != first.id)
        let kept = try String(
            contentsOf: try #require(fixture.snapshots.folder(of: first.id)).appendingPathComponent("flow.dag.yaml"),
            encoding: .utf8)
        #expect(kept == "inputs: {}\n")
        // Moving a file to another path changes the hash even though the bytes are the same.
        try FileManager.default.moveItem(
            at: fixture.flow.appendingPathComponent("tools/f.py"), to: fixture.flow.appendingPathComponent("f.py"))
        #expect(try fixture.snapshots.register(folder: fixture.flow).id != second.id)
    }

    @Test func snapshotsAreReadOnly() throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        let snapshot = try fixture.snapshots.register(folder: fixture.flow)
        let folder = try #require(fixture.snapshots.folder(of: snapshot.id))
        #expect(fixture.snapshots.folder(of: "../../etc") == nil)
        #expect(fixture.snapshots.contains(snapshot.id))
        #expect(try fixture.home.mode(folder) == 0o555)
        #expect(try fixture.home.mode(folder.appendingPathComponent("tools")) == 0o555)
        #expect(try fixture.home.mode(folder.appendingPathComponent("tools/f.py")) == 0o444)
        #expect(try fixture.home.mode(folder.appendingPathComponent("flow.dag.yaml")) == 0o444)
        // No staging folders are left behind.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.snapshots.root.path)
        #expect(leftovers == [snapshot.id])
    }

    @Test func symlinksAndOversizedFlowsAreRefused() throws {
        let fixture = try Fixture(limits: SnapshotLimits(maxBytes: 1_000, maxFiles: 5))
        defer { fixture.cleanUp() }
        try FileManager.default.createSymbolicLink(
            atPath: fixture.flow.appendingPathComponent("tools/secret").path, withDestinationPath: "/etc/passwd")
        let link = #expect(throws: SnapshotError.self) { try fixture.snapshots.register(folder: fixture.flow) }
        #expect(link?.message.contains("'tools/secret' is a symbolic link") == true)
        try FileManager.default.removeItem(at: fixture.flow.appendingPathComponent("tools/secret"))
        try fixture.write(String(repeating: "x", count: 2_000), to: "big.txt")
        let big = #expect(throws: SnapshotError.self) { try fixture.snapshots.register(folder: fixture.flow) }
        #expect(big?.message.contains("larger than 1000 bytes") == true)
    }

    @Test func uploadedTarBecomesTheSameSnapshot() async throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        let direct = try fixture.snapshots.register(folder: fixture.flow)
        let archive = fixture.home.root.appendingPathComponent("flow.tar.gz")
        try run(["-czf", archive.path, "flow"], in: fixture.home.root)
        #expect(try await fixture.snapshots.register(tarArchive: archive).id == direct.id)
        let flat = fixture.home.root.appendingPathComponent("flat.tar")
        try run(["-cf", flat.path, "."], in: fixture.flow)
        #expect(try await fixture.snapshots.register(tarArchive: flat).id == direct.id)
    }

    @Test func tarMembersThatEscapeOrLinkAreRefused() async throws {
        let fixture = try Fixture()
        defer { fixture.cleanUp() }
        let outside = fixture.home.root.appendingPathComponent("evil.txt")
        let escaping = fixture.home.root.appendingPathComponent("escape.tar")
        try run(["-cPf", escaping.path, "--transform", "s,^,../../,", "flow.dag.yaml"], in: fixture.flow)
        let error = await #expect(throws: SnapshotError.self) {
            try await fixture.snapshots.register(tarArchive: escaping)
        }
        #expect(error?.message.contains("points outside the flow folder") == true)
        #expect(!FileManager.default.fileExists(atPath: outside.path))

        let absolute = fixture.home.root.appendingPathComponent("absolute.tar")
        try run(["-cPf", absolute.path, fixture.flow.appendingPathComponent("flow.dag.yaml").path], in: fixture.flow)
        let absoluteError = await #expect(throws: SnapshotError.self) {
            try await fixture.snapshots.register(tarArchive: absolute)
        }
        #expect(absoluteError?.message.contains("points outside") == true)

        try FileManager.default.createSymbolicLink(
            atPath: fixture.flow.appendingPathComponent("link").path, withDestinationPath: "/etc")
        let linked = fixture.home.root.appendingPathComponent("link.tar")
        try run(["-cf", linked.path, "."], in: fixture.flow)
        let linkError = await #expect(throws: SnapshotError.self) {
            try await fixture.snapshots.register(tarArchive: linked)
        }
        #expect(linkError?.message.contains("is a link") == true)

        let garbage = fixture.home.root.appendingPathComponent("garbage.tar")
        try Data("not a tar".utf8).write(to: garbage)
        let garbageError = await #expect(throws: SnapshotError.self) {
            try await fixture.snapshots.register(tarArchive: garbage)
        }
        #expect(garbageError?.message.hasPrefix("tar cannot read the archive") == true)
        // Nothing half-extracted stays in the snapshots folder.
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: fixture.snapshots.root.path)) ?? []
        #expect(leftovers.allSatisfy { !$0.hasPrefix(".") })
    }
}
