import FlowSpec
import HTTPTypes
import HummingbirdTesting
import Testing

/// Every route needs the admin key as a bearer token; anything else is a 401 JSON error with the challenge header.
@Suite struct ManagementAPIAuthTests {
    @Test func requestsWithoutOrWithAWrongKeyAre401WithTheChallenge() async throws {
        let fixture = try APIFixture()
        try await fixture.test { client in
            for (path, key) in [
                ("/endpoints", nil), ("/endpoints", "wrong-key"), ("/openapi.json", "wrong-key"),
                ("/connections", ""), ("/endpoints/x/get-credentials", nil),
            ] as [(String, String?)] {
                let method: HTTPRequest.Method = path.hasSuffix("get-credentials") ? .post : .get
                let response = try await client.send(method, path, key: key)
                #expect(response.status == .unauthorized, "\(path) with \(key ?? "no key")")
                #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="flowgate""#)
                #expect(response.errorCode == "Unauthorized")
                #expect(!response.text.contains("wrong-key"))
            }
            let basic = try await client.execute(
                uri: "/api/v1/endpoints", method: .get, headers: [.authorization: "Basic \(APIFixture.adminKey)"])
            #expect(basic.status == .unauthorized)
            let good = try await client.send(.get, "/endpoints")
            #expect(good.status == .ok)
            #expect(good.json["value"] == .list([]))
        }
    }
}
