import FlowSpec

extension ManagementClient {
    /// Packs `folder` as a tar (`FlowArchive`), uploads it to `POST /api/v1/snapshots` and returns the snapshot id,
    /// so a deployment or run names its flow by content and works against a server on another machine.
    func uploadFlow(folder: String) async throws -> String {
        let archive = try await FlowArchive.tar(folder: folder)
        let snapshot = try await call(.POST, "/snapshots", body: archive, contentType: "application/x-tar")
        guard let id = (try? FlowValue(jsonBytes: snapshot.body))?.objectValue?["id"]?.stringValue else {
            throw CLIError("the server's answer to the flow upload has no snapshot id.")
        }
        return id
    }
}
