import Foundation
import Hummingbird
import Platform

/// `POST /snapshots`: a flow folder uploaded as a tar (plain or gzip) or zip archive, streamed to a temporary
/// file (at most 64 MiB), unpacked with the system tools after its listing is checked, and registered as a snapshot.
extension ManagementAPI {
    /// The largest archive the API takes.
    static let maxSnapshotUploadBytes = 64 << 20

    func uploadSnapshot(_ request: APIRequest) async throws -> Response {
        let limit = Self.maxSnapshotUploadBytes
        if let length = request.request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw APIError.payloadTooLarge(limit: limit)
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("flowgate-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: work, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { Self.removeTree(work) }
        let archive = work.appendingPathComponent("upload")
        let head = try await Self.receive(request.request.body, into: archive, limit: limit)
        let registered: FlowSnapshot
        switch ArchiveKind(head) {
        case .zip?:
            registered = try await ZipArchive(file: archive, limits: controlPlane.snapshots.limits)
                .register(in: controlPlane.snapshots, work: work)
        case .tar?, .gzip?:
            registered = try await controlPlane.snapshots.register(tarArchive: archive)
        case nil:
            throw APIError.badArgument("the body must be a tar, tar.gz or zip archive of the flow folder")
        }
        do {
            let known = try await controlPlane.store.snapshot(id: registered.id)
            return JSONBody.response(ResourceJSON.snapshot(known), status: .ok)
        } catch StoreError.notFound {
            let recorded = try await controlPlane.store.recordSnapshot(registered)
            logger.info("snapshot uploaded", metadata: ["snapshot": .string(recorded.id)])
            return JSONBody.response(ResourceJSON.snapshot(recorded), status: .created)
        }
    }

    /// Writes the body to `file`, refusing more than `limit` bytes; returns its first 512 bytes.
    private static func receive(_ body: RequestBody, into file: URL, limit: Int) async throws -> [UInt8] {
        guard FileManager.default.createFile(atPath: file.path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: file.path)
        else { throw APIError.internalError("cannot store the upload") }
        defer { try? handle.close() }
        var total = 0
        var head: [UInt8] = []
        for try await buffer in body {
            total += buffer.readableBytes
            if total > limit { throw APIError.payloadTooLarge(limit: limit) }
            if head.count < 512 { head += buffer.readableBytesView.prefix(512 - head.count) }
            try handle.write(contentsOf: Data(buffer.readableBytesView))
        }
        return head
    }

    /// Removes a tree that may hold read-only folders.
    static func removeTree(_ url: URL) {
        if let walker = FileManager.default.enumerator(atPath: url.path) {
            for case let path as String in walker {
                try? FileManager.default.setAttributes(
                    [.posixPermissions: 0o700], ofItemAtPath: url.appendingPathComponent(path).path)
            }
        }
        try? FileManager.default.removeItem(at: url)
    }
}
