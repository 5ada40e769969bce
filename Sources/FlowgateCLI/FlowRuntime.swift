import FlowEngine
import FlowSpec
import Foundation
import Platform
import PythonHost

/// What `flow test` and `run create` need to run a flow: Python workers in the flow's environment
/// (a venv built once from its requirements, reused later) and its connections.
enum FlowRuntime {
    /// A worker pool when the flow has python nodes; builds the flow's requirements venv first if it asks for one.
    static func pythonPool(for flow: Flow, dataDir: String?, size: Int) async throws -> PythonWorkerPool? {
        guard !flow.pythonTools.isEmpty || flow.kind == .flex || Self.usesPackageTools(flow) else { return nil }
        let python: URL
        do {
            python = try await interpreter(for: flow, dataDir: dataDir)
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("\(error)")
        }
        let configuration = PythonWorkerConfiguration(
            python: python, flowDirectory: flow.directory, additionalIncludes: flow.additionalIncludes,
            logSink: { line in printError(line) })
        return PythonWorkerPool(configuration: configuration, size: size)
    }

    /// The connection resolver, over the local store when the flow needs connections.
    static func connections(for flow: Flow, dataDir: String?) -> (any ConnectionProvider)? {
        // A flex entry's init values and inputs may name connections that only its Python signature reveals.
        guard !flow.connectionsNeeded.isEmpty || flow.kind == .flex || usesPackageTools(flow) else { return nil }
        var providers: [any ConnectionProvider] = []
        if let store = try? LocalConnectionStore(directory: DataDirectory.resolve(explicit: dataDir)) {
            providers.append(store)
        }
        return ConnectionResolver(providers: providers)
    }

    /// Whether a node runs a package tool (python, or a connection given as an input such as the embedding tool's).
    private static func usesPackageTools(_ flow: Flow) -> Bool {
        flow.allNodeDefinitions.contains { node in
            switch node.source {
            case .package?, .packageWithPrompt?: return true
            default: return false
            }
        }
    }

    /// The interpreter of the flow's environment: `environment.python_requirements_txt`, else a
    /// `requirements.txt` in the flow folder; the system `python3` when neither asks for a package.
    private static func interpreter(for flow: Flow, dataDir: String?) async throws -> URL {
        let relative = flow.environment.pythonRequirementsTxt ?? "requirements.txt"
        let requirements = flow.directory.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: requirements.path) else {
            return try PythonInterpreter.resolve()
        }
        let builder = try PythonEnvironmentBuilder(
            dataDirectory: DataDirectory.resolve(explicit: dataDir).file("envs"))
        do {
            return try await builder.environment(
                requirementsFile: requirements, progress: { line in printError("[environment] \(line)") }
            ).python
        } catch {
            throw CLIError("\(relative): \(error)")
        }
    }
}
