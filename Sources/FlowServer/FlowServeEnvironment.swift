import FlowEngine
import FlowSpec
import Foundation

/// The process environment a served flow runs in: `--environment-variables` overrides first, then the
/// flow's `environment_variables` wherever the environment has no value yet (promptflow's order).
public enum FlowServeEnvironment {
    /// The variables to set, in order: each override, then each flow variable not already set.
    /// Lists and dicts are written as Python's `json.dumps` writes them, scalars as Python's `str`.
    public static func assignments(
        flow: Flow, overrides: [(String, String)], current: [String: String]
    ) -> [(String, String)] {
        var result = overrides
        var set = current
        for (name, value) in overrides { set[name] = value }
        for (name, value) in flow.environmentVariables where set[name] == nil {
            let text: String
            switch value {
            case .list, .object: text = value.json(.python)
            default: text = PythonRepr.str(value)
            }
            result.append((name, text))
            set[name] = text
        }
        return result
    }

    /// Applies `assignments(…)` to this process's environment (before workers are started).
    public static func apply(flow: Flow, overrides: [(String, String)]) {
        for (name, value) in assignments(flow: flow, overrides: overrides, current: ProcessInfo.processInfo.environment)
        {
            setenv(name, value, 1)
        }
    }
}
