import FlowSpec
import FlowgateTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import ManagementAPI
import NIOCore
import Platform
import Testing

/// A control plane on a fresh temporary data directory with the management API mounted on a router, and a client
/// helper that sends JSON with the admin key. The directory is removed when the fixture goes away.
final class APIFixture: Sendable {
    static let adminKey = "test-admin-key-0123456789abcdef"

    let root: URL
    let controlPlane: ControlPlane

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("flowgate-api-\(UUID().uuidString)")
        var environment = ProcessInfo.processInfo.environment
        environment["FLOWGATE_MASTER_KEY"] = nil
        controlPlane = try ControlPlane.open(
            configuration: ControlPlaneConfiguration(
                directory: DataDirectory(url: root.appendingPathComponent("home")),
                publicURL: URL(string: "http://127.0.0.1:8080")!, environment: environment),
            logger: Logger(label: "test.platform"))
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// The router the lead mounts: only the management API on it.
    func router() -> Router<BasicRequestContext> {
        let router = Router()
        let api = ManagementAPI(
            controlPlane: controlPlane, authenticate: { $0 == APIFixture.adminKey }, logger: Logger(label: "test.api"))
        api.addRoutes(to: router)
        return router
    }

    /// Runs `body` with a client of an application serving `router()`, in process or over a real socket (`.live`).
    func test<Value>(
        _ mode: TestingSetup = .router, _ body: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        try await ServerSlots.shared.withSlot { try await Application(router: router()).test(mode, body) }
    }

    /// Runs the reconciler while `body` runs, then stops it and its instances.
    func withReconciler<Value>(_ body: () async throws -> Value) async throws -> Value {
        try await ServerSlots.shared.withSlot {
            let reconciler = controlPlane.reconciler
            let task = Task { try await reconciler.run() }
            do {
                let value = try await body()
                task.cancel()
                await reconciler.shutdown()
                return value
            } catch {
                task.cancel()
                await reconciler.shutdown()
                throw error
            }
        }
    }

    /// A flow folder of the repository's examples.
    static func example(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/flows/\(name)")
    }

    /// A copy of the chat-basic example (it uses `open_ai_connection`) whose requirements.txt installs nothing, so
    /// no environment is built before access to the connection is checked.
    func chatBasicWithNothingToInstall() throws -> URL {
        let flow = root.appendingPathComponent("chat-basic")
        try FileManager.default.copyItem(at: Self.example("chat-basic"), to: flow)
        try Data("# nothing to install\n".utf8).write(to: flow.appendingPathComponent("requirements.txt"))
        return flow
    }
}

extension TestClientProtocol {
    /// Reads the deployment at `path` until its `provisioning_state` ends (Succeeded, Failed, Canceled) or `limit`
    /// passed; the last answer.
    func provisioned(_ path: String, within limit: Duration) async throws -> FlowValue {
        var resource: FlowValue = .null
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            resource = try await send(.get, path).json
            if ["Succeeded", "Failed", "Canceled"].contains(resource["provisioning_state"].stringValue ?? "") { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        return resource
    }

    /// Creates deployment `blue` of the flow folder `flow` on `endpoint`, expects the API to accept it (202), and
    /// returns the deployment once its provisioning ended (or `limit` passed).
    func deployBlue(_ flow: URL, on endpoint: String, within limit: Duration) async throws -> FlowValue {
        let created = try await send(
            .post, "/endpoints/\(endpoint)/deployments", json: ["name": "blue", "model": .string(flow.path)])
        #expect(created.status == .accepted, "\(created.text)")
        return try await provisioned("/endpoints/\(endpoint)/deployments/blue", within: limit)
    }

    /// Sends `body` as JSON with the admin key (or `key`) and returns the answer.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ path: String, json body: FlowValue? = nil, key: String? = APIFixture.adminKey
    ) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let key { headers[.authorization] = "Bearer \(key)" }
        var buffer: ByteBuffer?
        if let body {
            headers[.contentType] = "application/json"
            buffer = ByteBuffer(string: body.json(.compact))
        }
        return try await execute(uri: "/api/v1" + path, method: method, headers: headers, body: buffer)
    }

    /// Sends raw bytes with the admin key.
    func upload(_ path: String, bytes: [UInt8], contentType: String) async throws -> TestResponse {
        try await execute(
            uri: "/api/v1" + path, method: .post,
            headers: [.authorization: "Bearer \(APIFixture.adminKey)", .contentType: contentType],
            body: ByteBuffer(bytes: bytes))
    }
}

extension TestResponse {
    /// The body parsed as JSON (`null` when it is empty or not JSON).
    var json: FlowValue {
        (try? FlowValue(jsonBytes: Array(body.readableBytesView))) ?? .null
    }

    /// The body as text.
    var text: String { String(buffer: body) }

    /// `error.details` as `field → message`.
    var errorDetails: [String: String] {
        let details = json.objectValue?["error"]?.objectValue?["details"]?.listValue ?? []
        var result: [String: String] = [:]
        for detail in details {
            if let field = detail.objectValue?["field"]?.stringValue {
                result[field] = detail.objectValue?["message"]?.stringValue ?? ""
            }
        }
        return result
    }

    var errorCode: String? { json.objectValue?["error"]?.objectValue?["code"]?.stringValue }
}

extension FlowValue {
    /// A member of an object, or `null`.
    subscript(_ key: String) -> FlowValue {
        objectValue?[key] ?? .null
    }
}

extension FlowValue {
    /// The integer, when this is one.
    var intValue: Int? {
        if case .int(let value) = self { return value }
        return nil
    }
}
