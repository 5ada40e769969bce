import Foundation

/// The interpreter a flow's tools run on: the system `python3`, or a venv built from its requirements.
/// Pass `python` to ``PythonWorkerConfiguration``.
public struct PythonEnvironment: Sendable, Equatable {
    /// The interpreter to launch workers with.
    public var python: URL
    /// The venv folder, or nil when the flow has no requirements and runs on the system interpreter.
    public var directory: URL?

    public init(python: URL, directory: URL?) {
        self.python = python
        self.directory = directory
    }
}
