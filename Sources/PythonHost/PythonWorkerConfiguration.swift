import Foundation

/// Where and how a worker runs: the interpreter, the flow folder (its cwd and first `sys.path` entry),
/// `additional_includes`, extra environment variables, and the sink that receives the tools' output lines.
public struct PythonWorkerConfiguration: Sendable {
    /// The interpreter: a venv's `bin/python` or the system `python3`.
    public var python: URL
    /// The flow folder; tool paths are relative to it.
    public var flowDirectory: URL
    /// `additional_includes` entries (relative to the flow folder or absolute), put on `sys.path`.
    public var additionalIncludes: [String]
    /// Variables set in the worker's environment on top of this process's own.
    public var environment: [String: String]
    /// Receives every line a tool prints (stdout and stderr) and the host's own diagnostics.
    public var logSink: @Sendable (String) -> Void

    public init(
        python: URL,
        flowDirectory: URL,
        additionalIncludes: [String] = [],
        environment: [String: String] = [:],
        logSink: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.python = python
        self.flowDirectory = flowDirectory
        self.additionalIncludes = additionalIncludes
        self.environment = environment
        self.logSink = logSink
    }
}
