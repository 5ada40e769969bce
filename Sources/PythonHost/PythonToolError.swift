import Foundation

/// An exception raised by a tool's own code (or while loading its file): a user error.
/// `description` is promptflow's `(<ExceptionType>) <message>`; the engine prefixes the node name.
public struct PythonToolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The tool file the call was for.
    public var tool: String
    /// The exception's class name, e.g. `ValueError`.
    public var type: String
    /// The module of the exception's class, e.g. `builtins`.
    public var module: String
    /// `str(exception)`.
    public var message: String
    /// The traceback limited to the tool's own frames, ending with the exception line.
    public var traceback: String
    /// Whether the tool failed while its file was loaded (`load`), while a flex class entry was built
    /// (`initialize`), or while it ran (`call`).
    public var phase: Phase

    /// When the exception happened.
    public enum Phase: String, Sendable {
        case load, call
        case initialize = "init"
    }

    public init(tool: String, type: String, module: String, message: String, traceback: String, phase: Phase) {
        self.tool = tool
        self.type = type
        self.module = module
        self.message = message
        self.traceback = traceback
        self.phase = phase
    }

    public var description: String { "(\(type)) \(message)" }

    init(tool: String, frame payload: Data) {
        let object = (try? JSONSerialization.jsonObject(with: payload)) as? [String: Any] ?? [:]
        self.init(
            tool: tool,
            type: object["type"] as? String ?? "Exception",
            module: object["module"] as? String ?? "builtins",
            message: object["message"] as? String ?? String(decoding: payload, as: UTF8.self),
            traceback: object["traceback"] as? String ?? "",
            phase: Phase(rawValue: object["phase"] as? String ?? "call") ?? .call)
    }
}
