import Hummingbird
import Platform

/// The activity list: provisioning operations with their stages, newest first, optionally of one endpoint.
extension ManagementAPI {
    func listOperations(_ request: APIRequest) async throws -> Response {
        let limit = try request.query("limit", range: 1...1_000, fallback: 50)
        let endpoint = request.query("endpoint").flatMap { $0.isEmpty ? nil : $0 }
        let operations = try await controlPlane.store.operations(endpoint: endpoint, limit: limit)
        return JSONBody.list(operations.map(ResourceJSON.operation))
    }

    func showOperation(_ request: APIRequest) async throws -> Response {
        JSONBody.response(ResourceJSON.operation(try await controlPlane.store.operation(id: request.path("id"))))
    }
}
