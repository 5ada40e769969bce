import FlowSpec
import Hummingbird
import HummingbirdTesting
import Testing

/// The OpenAPI document and the router come from one route table; this keeps them equal: every registered route
/// is documented and every documented operation is registered, with the bearer scheme and the resource schemas.
@Suite struct OpenAPISyncTests {
    @Test func everyRegisteredRouteIsDocumentedAndViceVersa() async throws {
        let fixture = try APIFixture()
        let registered = Set(
            fixture.router().routes.map { "\($0.method.rawValue) \($0.path.description)" }
                .filter { $0.contains(" /api/v1/") })
        let document = try await fixture.test { client in
            let response = try await client.send(.get, "/openapi.json")
            #expect(response.status == .ok)
            return response.json
        }
        #expect(document["openapi"] == "3.1.0")
        var documented = Set<String>()
        for (path, item) in document["paths"].objectValue ?? [:] {
            for (method, operation) in item.objectValue ?? [:] {
                documented.insert("\(method.uppercased()) \(path)")
                #expect(operation["responses"]["401"] != .null, "\(method) \(path) documents 401")
                #expect(operation["operationId"].stringValue != nil)
            }
        }
        #expect(registered.count >= 22)
        #expect(
            registered == documented,
            "only registered: \(registered.subtracting(documented)); only documented: \(documented.subtracting(registered))"
        )
        let schemas = document["components"]["schemas"]
        for name in ["Endpoint", "Deployment", "Operation", "Connection", "Error"] {
            #expect(schemas[name]["type"] == "object", "\(name)")
        }
        #expect(document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer")
        #expect(document["security"] == [["bearer": []]])
    }

    @Test func pathParametersAreDeclared() async throws {
        let fixture = try APIFixture()
        let document = try await fixture.test { client in try await client.send(.get, "/openapi.json").json }
        for (path, item) in document["paths"].objectValue ?? [:] {
            let captures = path.split(separator: "/").filter { $0.hasPrefix("{") }.map {
                String($0.dropFirst().dropLast())
            }
            for (method, operation) in item.objectValue ?? [:] {
                let declared = (operation["parameters"].listValue ?? []).filter { $0["in"] == "path" }
                    .compactMap { $0["name"].stringValue }
                #expect(declared == captures, "\(method) \(path)")
            }
        }
    }
}
