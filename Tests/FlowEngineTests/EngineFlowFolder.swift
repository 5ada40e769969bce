import FlowSpec
import Foundation

/// A flow folder written to a temporary directory for one test, removed when the test is done.
final class EngineFlowFolder {
    let url: URL

    init(_ files: [String: String]) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("flowgate-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files {
            let file = url.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
    }

    func load() throws -> Flow { try FlowLoader.load(path: url.path) }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// The repository root, for the bundled examples.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
