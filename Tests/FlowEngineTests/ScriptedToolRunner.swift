import FlowSpec
import Foundation
import PythonHost
import Synchronization

@testable import FlowEngine

/// A test double for PythonHost: "python tools" are Swift closures registered by path, with a declared
/// signature. It records every call's arguments so tests can check what a tool received.
final class ScriptedToolRunner: PythonToolRunner {
    struct Tool: Sendable {
        var parameters: [ToolParameter]
        var isGenerator = false
        var body: @Sendable (FlowObject) async throws -> FlowValue
    }

    struct Call: Sendable {
        var tool: String
        var arguments: FlowObject
    }

    private let tools: [String: Tool]
    private let log = Mutex<[Call]>([])

    init(_ tools: [String: Tool]) { self.tools = tools }

    var calls: [Call] { log.withLock { $0 } }

    func arguments(of tool: String) -> FlowObject? {
        calls.last { $0.tool == tool }?.arguments
    }

    func call(tool path: String, arguments: Data, timeout: Duration?) async throws -> PythonCallResult {
        let tool = try lookup(path)
        let value = try await tool.body(try decode(arguments, for: path))
        return PythonCallResult(value: Data(value.json(.compact).utf8), isGenerator: tool.isGenerator)
    }

    func stream(tool path: String, arguments: Data, timeout: Duration?) -> AsyncThrowingStream<Data, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let tool = try lookup(path)
                    let value = try await tool.body(try decode(arguments, for: path))
                    for item in value.listValue ?? [value] {
                        continuation.yield(Data(item.json(.compact).utf8))
                        try await Task.sleep(for: .milliseconds(5))
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    func inspect(tool path: String) async throws -> ToolSignature {
        let tool = try lookup(path)
        return ToolSignature(
            name: path, parameters: tool.parameters, isGenerator: tool.isGenerator, isAsync: false)
    }

    private func lookup(_ path: String) throws -> Tool {
        guard let tool = tools[path] else {
            throw PythonToolError(
                tool: path, type: "FileNotFoundError", module: "builtins", message: "no tool \(path)", traceback: "",
                phase: .load)
        }
        return tool
    }

    private func decode(_ arguments: Data, for path: String) throws -> FlowObject {
        let value = try FlowValue(jsonBytes: [UInt8](arguments))
        let object = value.objectValue ?? [:]
        log.withLock { $0.append(Call(tool: path, arguments: object)) }
        return object
    }
}

/// Parameters for scripted tools: `p("x")` has no default, `p("x", default: "null")` defaults to None.
func p(_ name: String, _ annotation: String? = nil, default json: String? = nil) -> ToolParameter {
    ToolParameter(name: name, annotation: annotation, defaultValue: json.map { Data($0.utf8) })
}
