import FlowServer
import FlowSpec
import Foundation

/// A flow folder named as promptflow would name the served flow, in a fresh temporary directory for one test.
/// `document` loads it like `flowgate flow serve` does and builds its swagger with its `samples.json`.
final class SwaggerFlowFolder {
    let root: URL
    let folder: URL

    init(_ name: String, files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("swagger-\(UUID().uuidString)")
        folder = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (path, content) in files { try write(path, content) }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func write(_ relativePath: String, _ content: String) throws {
        try content.write(to: folder.appendingPathComponent(relativePath), atomically: true, encoding: .utf8)
    }

    func document(includedFields: [String]? = nil) throws -> FlowValue {
        let flow = try FlowLoader.load(path: folder.path)
        let samples = try SwaggerDocument.loadSamples(flowDirectory: folder)
        return SwaggerDocument.build(flow: flow, samples: samples, includedFields: includedFields)
    }
}
