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

    /// Passes when the request carries what the endpoint's auth mode takes: one of its keys (compared in constant
    /// time) or a valid token issued for it. A key is never a token and a token never a key.
    func authorize(_ request: Request, for endpoint: LiveEndpoint) async throws(GatewayError) {
        let name = endpoint.name
        switch endpoint.authMode {
        case .amlToken:
            guard let presented = Self.bearerCredential(request.headers[.authorization]) else {
                throw .unauthorized(
                    "Endpoint '\(name)' uses aml_token auth: send 'Authorization: Bearer <token>' with a token from "
                        + "get-credentials.")
            }
            guard let tokens = live.tokens else {
                throw .invalidToken("This server cannot verify tokens.", endpoint: name)
            }
            do {
                try await tokens.verify(presented, endpoint: name)
            } catch {
                throw .invalidToken(error.description, endpoint: name)
            }
        case .key:
            guard let presented = Self.bearerCredential(request.headers[.authorization]) else {
                throw .unauthorized("Endpoint '\(name)' needs a key: send 'Authorization: Bearer <key>'.")
            }
            guard let keys = endpoint.keys, keys.accepts(presented) else {
                throw .unauthorized(
                    "The key is not valid for endpoint '\(name)'. It uses key auth: tokens are not accepted.")
            }
        }
    }

    /// The credential of `Authorization: Bearer <credential>` (scheme case-insensitive), `nil` otherwise: leading
    /// spaces skipped, the scheme up to the next space, the rest trimmed of whitespace (tab and Unicode Zs).
    /// Works on the bytes (Foundation's `trimmingCharacters` bridged to NSString was 1 % of a request's CPU).
    static func bearerCredential(_ header: String?) -> String? {
        guard let header else { return nil }
        let utf8 = header.utf8
        var index = utf8.startIndex
        while index != utf8.endIndex, utf8[index] == UInt8(ascii: " ") { utf8.formIndex(after: &index) }
        for expected in "bearer".utf8 {
            guard index != utf8.endIndex, utf8[index] | 0x20 == expected else { return nil }
            utf8.formIndex(after: &index)
        }
        guard index != utf8.endIndex, utf8[index] == UInt8(ascii: " ") else { return nil }
        utf8.formIndex(after: &index)
        let scalars = header.unicodeScalars[index...]
        guard let first = scalars.firstIndex(where: { !Self.isWhitespace($0) }),
            let last = scalars.lastIndex(where: { !Self.isWhitespace($0) })
        else { return nil }
        return String(scalars[first...last])
    }

    /// `CharacterSet.whitespaces`: tab and the space separators (Unicode general category Zs).
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x20: true
        case 0x21..<0x80: false
        default: scalar.properties.generalCategory == .spaceSeparator
        }
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
        // Two passes over the traffic map (one to total the shares, one to draw) instead of filtering, sorting and
        // mapping it into new arrays per request; an unchanged dictionary iterates in the same order both times.
        var total = 0
        var candidates = 0
        var last: LiveDeployment?
        for (name, percent) in endpoint.traffic where percent > 0 {
            guard let deployment = endpoint.deployments[name], !deployment.instances.isEmpty else { continue }
            total += percent
            candidates += 1
            last = deployment
        }
        guard total > 0, let last else {
            throw .notFound(
                "Endpoint '\(endpoint.name)' has no ready deployment with traffic; set its traffic or name a "
                    + "deployment in the azureml-model-deployment header.")
        }
        // One candidate takes every request: no draw (each draw is a getrandom system call).
        if candidates == 1 { return last }
        var draw = Int.random(in: 0..<total)
        for (name, percent) in endpoint.traffic where percent > 0 {
            guard let deployment = endpoint.deployments[name], !deployment.instances.isEmpty else { continue }
            if draw < percent { return deployment }
            draw -= percent
        }
        return last
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
