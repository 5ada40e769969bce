import Foundation

/// A venv could not be built. `output` is the last lines the failing command printed (pip's own
/// message for a failed install); nothing half-built is left behind.
public struct PythonEnvironmentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was being done, e.g. `pip install -r requirements.txt`.
    public var step: String
    /// The failing command's exit status.
    public var status: Int32
    /// Its last output lines.
    public var output: String

    public init(step: String, status: Int32, output: String) {
        self.step = step
        self.status = status
        self.output = output
    }

    public var description: String {
        "building the Python environment failed: \(step) exited with status \(status)"
            + (output.isEmpty ? "" : ":\n\(output)")
    }
}
