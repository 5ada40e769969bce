import Foundation

/// The files Flowgate ships for its workers: the host script and the `promptflow` shim folder.
enum PythonHostResources {
    /// `Resources/python` inside the module's bundle.
    static let directory: URL? = Bundle.module.url(forResource: "python", withExtension: nil)

    static var hostScript: URL? { directory?.appendingPathComponent("flowgate_host.py") }

    static var shimDirectory: URL? { directory?.appendingPathComponent("shim") }
}
