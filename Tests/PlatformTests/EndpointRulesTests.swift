import Foundation
import Testing

@testable import Platform

@Suite struct EndpointRulesTests {
    func fields(_ body: () throws -> Void) -> [String] {
        do {
            try body()
            return []
        } catch let error as ResourceValidationError {
            return error.issues.map(\.field)
        } catch {
            return ["unexpected \(error)"]
        }
    }

    @Test func namesFollowCompatRules() {
        for good in ["abc", "blue", "my-endpoint-2", "A12", String(repeating: "a", count: 32)] {
            #expect(ResourceName.problem(with: good) == nil, "\(good)")
        }
        #expect(ResourceName.problem(with: "ab")?.contains("3–32 characters") == true)
        #expect(ResourceName.problem(with: String(repeating: "a", count: 33))?.contains("33 characters") == true)
        #expect(ResourceName.problem(with: "1abc")?.contains("start with a letter") == true)
        #expect(ResourceName.problem(with: "a--b")?.contains("two dashes") == true)
        #expect(ResourceName.problem(with: "abc-")?.contains("end with a dash") == true)
        #expect(ResourceName.problem(with: "a_bc")?.contains("'_'") == true)
        #expect(ResourceName.problem(with: "ab c")?.contains("only letters, digits") == true)
    }

    @Test func trafficSumsToZeroOrHundredAndNamesDeployments() throws {
        var endpoint = Endpoint(name: "ep1", traffic: ["blue": 90, "green": 10])
        try endpoint.validate(deployments: ["blue", "green"])
        endpoint.traffic = ["blue": 0]
        try endpoint.validate(deployments: ["blue"])
        endpoint.traffic = ["blue": 90]
        #expect(fields { try endpoint.validate(deployments: ["blue"]) } == ["traffic"])
        do {
            try endpoint.validate()
        } catch {
            #expect(error.description == "traffic: percentages sum to 90; they must sum to 0 or 100")
        }
        endpoint.traffic = ["blue": 100, "ghost": 0]
        #expect(fields { try endpoint.validate(deployments: ["blue"]) } == ["traffic.ghost"])
        endpoint.traffic = ["blue": 120, "green": -20]
        #expect(fields { try endpoint.validate() } == ["traffic.blue", "traffic.green"])
    }

    @Test func mirrorIsOneDeploymentAtMostHalfNeverLive() throws {
        var endpoint = Endpoint(name: "ep1", traffic: ["blue": 100], mirrorTraffic: ["green": 50])
        try endpoint.validate(deployments: ["blue", "green"])
        endpoint.mirrorTraffic = ["green": 51]
        #expect(fields { try endpoint.validate() } == ["mirror_traffic.green"])
        endpoint.mirrorTraffic = ["blue": 10]
        let error = #expect(throws: ResourceValidationError.self) { try endpoint.validate() }
        #expect(error?.description.contains("takes live traffic") == true)
        endpoint.mirrorTraffic = ["green": 10, "red": 10]
        #expect(fields { try endpoint.validate(deployments: ["blue", "green", "red"]) } == ["mirror_traffic"])
    }

    @Test func identityNeedsOneUserAssignedIdentityWithAnID() {
        var endpoint = Endpoint(name: "ep1", identity: EndpointIdentity(kind: .userAssigned))
        #expect(fields { try endpoint.validate() } == ["identity.user_assigned_identities"])
        endpoint.identity.userAssignedIdentities = [.init()]
        #expect(fields { try endpoint.validate() } == ["identity.user_assigned_identities[0]"])
        endpoint.identity.userAssignedIdentities = [.init(clientID: "c-1")]
        #expect(fields { try endpoint.validate() } == [])
    }

    @Test func deploymentDefaultsAreAzures() {
        let deployment = Deployment(endpointName: "ep1", name: "blue", flowPath: "/flows/a")
        #expect(
            deployment.requestSettings
                == RequestSettings(requestTimeoutMS: 5000, maxConcurrentRequestsPerInstance: 1, maxQueueWaitMS: 500))
        #expect(
            deployment.readinessProbe
                == ProbeSettings(initialDelay: 10, period: 10, timeout: 2, successThreshold: 1, failureThreshold: 30))
        #expect(deployment.livenessProbe == deployment.readinessProbe)
        #expect(deployment.instanceCount == 1)
        #expect(deployment.provisioningState == .creating)
    }

    @Test func deploymentBoundsNameTheirField() {
        var deployment = Deployment(endpointName: "ep1", name: "blue", flowPath: "/flows/a")
        #expect(fields { try deployment.validate() } == [])
        deployment.requestSettings.requestTimeoutMS = 300_000
        #expect(fields { try deployment.validate() } == [])
        deployment.requestSettings.requestTimeoutMS = 300_001
        deployment.requestSettings.maxConcurrentRequestsPerInstance = 0
        deployment.readinessProbe.period = 0
        deployment.instanceCount = 0
        deployment.environmentVariables = ["1BAD": "x", "GOOD_1": "y"]
        #expect(
            fields { try deployment.validate() } == [
                "instance_count", "environment_variables", "request_settings.request_timeout_ms",
                "request_settings.max_concurrent_requests_per_instance", "readiness_probe.period",
            ])
        let noFlow = Deployment(endpointName: "ep1", name: "blue")
        #expect(fields { try noFlow.validate() } == ["model"])
        let badName = Deployment(endpointName: "ep1", name: "b", flowPath: "/f")
        #expect(fields { try badName.validate() } == ["name"])
    }

    @Test func keysAreRandomBase64URLAndComparedWholly() {
        let keys = EndpointKeys.generate()
        #expect(keys.primary != keys.secondary)
        #expect(keys.primary.count == 43)
        #expect(keys.primary.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(keys.accepts(keys.primary))
        #expect(keys.accepts(keys.secondary))
        #expect(!keys.accepts(String(keys.primary.dropLast())))
        #expect(!keys.accepts(keys.primary + "x"))
        #expect(!keys.accepts(""))
        #expect(!keys.description.contains(keys.primary))
        #expect(ConstantTime.equals("abc", "abc"))
        #expect(!ConstantTime.equals("abc", "abd"))
        #expect(!ConstantTime.equals("abc", "ab"))
        #expect(!ConstantTime.equals("", "a"))
        #expect(ConstantTime.equals("", ""))
        // Lengths that differ by a multiple of 256 must still differ.
        #expect(!ConstantTime.equals([UInt8](repeating: 0, count: 256), []))
    }

    @Test func authModeParsesAzureAndFlowgateSpellings() {
        #expect(AuthMode(parsing: "key") == .key)
        #expect(AuthMode(parsing: "aml_token") == .amlToken)
        #expect(AuthMode(parsing: "AMLToken") == .amlToken)
        #expect(AuthMode(parsing: "token") == .amlToken)
        #expect(AuthMode(parsing: "aad_token") == nil)
    }

    @Test func operationStagesRecordTheirTimes() {
        var operation = ProvisioningOperation(kind: .create, target: .init(endpoint: "ep1", deployment: "blue"))
        let start = Date(timeIntervalSince1970: 1_000)
        operation.start(OperationStage.flowRegistered, at: start)
        operation.finish(OperationStage.flowRegistered, at: start.addingTimeInterval(1))
        operation.finish(
            OperationStage.environmentBuilt, .failed, message: "pip failed", at: start.addingTimeInterval(2))
        #expect(operation.stages.map(\.name) == ["flow registered", "environment built"])
        #expect(operation.stages[0].startedAt == start)
        #expect(operation.stages[0].endedAt == start.addingTimeInterval(1))
        #expect(operation.stages[1].status == .failed)
        #expect(operation.stages[1].message == "pip failed")
        #expect(operation.updatedAt == start.addingTimeInterval(2))
    }
}
