import Foundation

@testable import FlowSpec

/// A flow folder created for one test under a fresh temporary directory, removed when the test ends.
final class TemporaryFlow {
    let root: URL
    let folder: URL

    init(_ name: String = "my-flow", files: [String: String] = [:]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("flowspec-\(UUID().uuidString)")
        folder = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (path, content) in files { try write(path, content) }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    var path: String { folder.path }

    func write(_ relativePath: String, _ content: String) throws {
        let url = folder.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try content.write(to: url, atomically: true, encoding: .utf8)
    }

    /// Writes a file next to the flow folder (outside it).
    func writeOutside(_ relativePath: String, _ content: String) throws {
        let url = root.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try content.write(to: url, atomically: true, encoding: .utf8)
    }

    func symlink(_ relativePath: String, to destination: String) throws {
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent(relativePath).path, withDestinationPath: destination)
    }

    func load(_ file: String? = nil) throws -> Flow {
        try FlowLoader.load(path: file.map { folder.appendingPathComponent($0).path } ?? path)
    }

    /// The diagnostics loading reports, as `file:line:column: message` lines; empty when it loads.
    func errors(_ file: String? = nil) -> [String] {
        do {
            _ = try load(file)
            return []
        } catch let error as FlowValidationError {
            return error.diagnostics.map(\.description)
        } catch {
            return ["unexpected error \(error)"]
        }
    }
}
