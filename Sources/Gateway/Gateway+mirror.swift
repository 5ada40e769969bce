import FlowServer
import HTTPTypes
import Hummingbird
import NIOCore
import Platform

extension Gateway {
    /// The largest request body the gateway reads into memory to mirror it: what an instance accepts.
    static var maxMirroredBodyBytes: Int { FlowServerLimits().maxBodyBytes }

    /// The deployment this request is also copied to, drawn per request by its `mirror_traffic` percent; never for
    /// a request that names its deployment, and never to a deployment that is not ready.
    func mirrorTarget(_ endpoint: LiveEndpoint, namedDeployment header: String?) -> LiveDeployment? {
        guard !endpoint.mirrorTraffic.isEmpty, header?.isEmpty ?? true else { return nil }
        for (name, percent) in endpoint.mirrorTraffic where percent > 0 {
            guard let deployment = endpoint.deployments[name], !deployment.instances.isEmpty else { continue }
            if Int.random(in: 0..<100) < percent { return deployment }
        }
        return nil
    }

    /// The whole request body, read once so that it can go to both deployments; over the instance limit is the
    /// 413 the instance would answer.
    static func collectedBody(_ request: Request) async throws(GatewayError) -> ByteBuffer {
        let limit = maxMirroredBodyBytes
        let tooLarge = GatewayError.user(
            "The request body is larger than the limit of \(limit) bytes.", status: .contentTooLarge)
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit { throw tooLarge }
        do {
            return try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        } catch {
            throw .user("The request body could not be read.", status: .badRequest)
        }
    }

    /// Sends a copy of the request to `deployment` in a detached task: it waits for nothing the client waits for,
    /// takes a slot only when one is free (else it is skipped and counted), and its answer is drained and dropped.
    /// Its status and duration go to the mirror metric families; failures are logged (never the body or key).
    func startMirror(_ head: HTTPRequest, body: ByteBuffer, to deployment: LiveDeployment, endpoint: String) {
        inFlight.begin()
        Task.detached { [self] in
            await runMirror(head, body: body, to: deployment, endpoint: endpoint)
            inFlight.end()
        }
    }

    private func runMirror(_ head: HTTPRequest, body: ByteBuffer, to deployment: LiveDeployment, endpoint: String)
        async
    {
        let start = ContinuousClock.now
        let admission = admissions.admission(for: deployment)
        guard admission.tryAcquire() else {
            metrics.recordMirrorSkipped(endpoint: endpoint, deployment: deployment.name)
            logger.debug(
                "Mirrored request skipped: the mirror deployment is at capacity",
                metadata: ["endpoint": .string(endpoint), "deployment": .string(deployment.name)])
            return
        }
        let index = admission.claimInstance { deployment.instances[$0].isAcceptingRequests }
        defer {
            admission.finished(instance: index)
            admission.release()
        }
        let instance = deployment.instances[index]
        let requestID = RequestID.random()
        let response = await instance.score(Request(head: head, body: .init(buffer: body)), requestID: requestID)
        var failure: String?
        do {
            _ = try await DiscardingBody.drain(response.body)
        } catch {
            failure = "its answer could not be read to the end"
        }
        if response.status.code >= 400 { failure = "the instance answered \(response.status.code)" }
        metrics.recordMirror(
            endpoint: endpoint, deployment: deployment.name, statusCode: Int(response.status.code),
            duration: ContinuousClock.now - start)
        if let failure {
            logger.warning(
                "Mirrored request failed: \(failure)",
                metadata: [
                    "request_id": .string(requestID), "endpoint": .string(endpoint),
                    "deployment": .string(deployment.name), "instance": .string(instance.id),
                ])
        }
    }
}
