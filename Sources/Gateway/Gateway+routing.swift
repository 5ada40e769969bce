import Foundation
import Hummingbird
import Platform

extension Gateway {
    /// The endpoint named in the path as the gateway sees it now.
    func endpoint(named name: String) throws(GatewayError) -> LiveEndpoint {
        guard let endpoint = live.endpoint(named: name) else {
            throw .notFound("Endpoint '\(name)' does not exist.")
        }
        return endpoint
    }

    /// Passes when the request carries one of the endpoint's keys (both compared in constant time).
    func authorize(_ request: Request, for endpoint: LiveEndpoint) throws(GatewayError) {
        let name = endpoint.name
        switch endpoint.authMode {
        case .amlToken:
            throw .unauthorized(
                "Endpoint '\(name)' uses aml_token auth; token auth arrives with issue 6, so it cannot be scored yet.")
        case .key:
            guard let presented = Self.bearerCredential(request.headers[.authorization]) else {
                throw .unauthorized("Endpoint '\(name)' needs a key: send 'Authorization: Bearer <key>'.")
            }
            guard let keys = endpoint.keys, keys.accepts(presented) else {
                throw .unauthorized("The key is not valid for endpoint '\(name)'.")
            }
        }
    }

    /// The credential of `Authorization: Bearer <credential>` (scheme case-insensitive), `nil` otherwise.
    static func bearerCredential(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let credential = parts[1].trimmingCharacters(in: .whitespaces)
        return credential.isEmpty ? nil : credential
    }

    /// The deployment the request goes to: the one `azureml-model-deployment` names (traffic or not), else one
    /// drawn by traffic weight among the ready deployments with a share; a deployment that is not ready is skipped.
    func chooseDeployment(
        _ endpoint: LiveEndpoint, named header: String?
    ) throws(GatewayError) -> LiveDeployment {
        if let header, !header.isEmpty {
            guard let deployment = endpoint.deployments[header], !deployment.instances.isEmpty else {
                throw .notFound("Deployment '\(header)' of endpoint '\(endpoint.name)' does not exist or is not ready.")
            }
            return deployment
        }
        let candidates = endpoint.traffic.filter { $0.value > 0 }.sorted { $0.key < $1.key }
            .compactMap { name, percent -> (LiveDeployment, Int)? in
                guard let deployment = endpoint.deployments[name], !deployment.instances.isEmpty else { return nil }
                return (deployment, percent)
            }
        let total = candidates.reduce(0) { $0 + $1.1 }
        guard total > 0 else {
            throw .notFound(
                "Endpoint '\(endpoint.name)' has no ready deployment with traffic; set its traffic or name a "
                    + "deployment in the azureml-model-deployment header.")
        }
        var draw = Int.random(in: 0..<total)
        for (deployment, percent) in candidates {
            if draw < percent { return deployment }
            draw -= percent
        }
        return candidates[candidates.count - 1].0
    }

    /// The 429 for a request that was not admitted.
    static func refusal(
        _ outcome: DeploymentAdmission.Outcome, admission: DeploymentAdmission, deployment: LiveDeployment
    ) -> GatewayError {
        let target = "Deployment '\(deployment.name)' of endpoint '\(deployment.endpointName)'"
        switch outcome {
        case .admitted, .queueFull:
            return .tooManyRequests(
                "\(target) is at capacity: \(admission.capacity) requests are running and \(admission.queueLimit) "
                    + "are waiting. Retry later.")
        case .waitedTooLong:
            return .tooManyRequests(
                "\(target) had no free slot within max_queue_wait_ms "
                    + "(\(deployment.requestSettings.maxQueueWaitMS) ms). Retry later.")
        case .cancelled:
            return .tooManyRequests("\(target) was busy and the request was cancelled while it waited.")
        }
    }
}
