import Foundation

/// What a tool call returned: its value as JSON, plus the metrics it logged.
/// A generator tool called with `call` has all its chunks collected into a JSON array (`isGenerator`).
public struct PythonCallResult: Sendable, Equatable {
    /// The return value as JSON (`null` for None); for a generator, the JSON array of yielded chunks.
    public var value: Data
    /// True when the tool returned a generator (sync or async) whose chunks make up `value`.
    public var isGenerator: Bool
    /// `log_metric` calls made during the call, in order.
    public var metrics: [PythonMetric]

    public init(value: Data, isGenerator: Bool = false, metrics: [PythonMetric] = []) {
        self.value = value
        self.isGenerator = isGenerator
        self.metrics = metrics
    }
}
