import HTTPTypes
import Hummingbird
import Platform

extension Gateway {
    /// `POST /endpoints/{name}/score`: authenticate, choose a deployment, admit, choose an instance, score, and
    /// map the instance's status (2xx and 408 as they are, other errors to 424); a streamed answer holds its slot
    /// to the last byte.
    func score(_ request: Request, endpointName: String) async -> Response {
        let start = ContinuousClock.now
        let requestID = RequestID(request.headers)
        inFlight.begin()
        // Metrics name only endpoints that exist: a path is the caller's to choose, label sets are not.
        var knownEndpoint = ""
        var deploymentName = ""
        do throws(GatewayError) {
            let endpoint = try endpoint(named: endpointName)
            knownEndpoint = endpoint.name
            try await authorize(request, for: endpoint)
            let named = request.headers[Self.deploymentHeader]
            let deployment = try chooseDeployment(endpoint, named: named)
            deploymentName = deployment.name
            var forwarded = Self.forwarded(request)
            // Only a mirrored request is read into memory; every other body streams through to the instance.
            let mirror = mirrorTarget(endpoint, namedDeployment: named)
            var mirrorBody = ByteBuffer()
            if mirror != nil {
                mirrorBody = try await Self.collectedBody(request)
                // The body is now whole: its length is known (a proxying instance must not expect chunks).
                var head = forwarded.head
                head.headerFields[.transferEncoding] = nil
                head.headerFields[.contentLength] = String(mirrorBody.readableBytes)
                forwarded = Request(head: head, body: .init(buffer: mirrorBody))
            }
            let admission = admissions.admission(for: deployment)
            let outcome = await admission.acquire()
            guard outcome == .admitted else {
                throw Self.refusal(outcome, admission: admission, deployment: deployment)
            }
            let index = admission.claimInstance { deployment.instances[$0].isAcceptingRequests }
            let instance = deployment.instances[index]
            if let mirror {
                startMirror(forwarded.head, body: mirrorBody, to: mirror, endpoint: endpoint.name)
            }
            var response = await instance.score(forwarded, requestID: requestID.value)
            let instanceStatus = response.status
            if instanceStatus.code >= 400 && instanceStatus != HTTPResponse.Status.requestTimeout {
                let body = try? await CollectedBody.collect(response.body, limit: Self.maxErrorBodyBytes)
                admission.finished(instance: index)
                admission.release()
                // The instance's own request log (its ring) has the error; the server log keeps it at debug.
                logger.debug(
                    "Instance answered an error",
                    metadata: [
                        "request_id": .string(requestID.value), "endpoint": .string(endpointName),
                        "deployment": .string(deployment.name), "instance": .string(instance.id),
                        "status": .stringConvertible(instanceStatus.code),
                    ])
                response = ModelError(instanceStatus: instanceStatus, body: body ?? ByteBuffer()).response
                return finish(response, requestID, knownEndpoint, deploymentName, start)
            }
            let release: @Sendable () -> Void = { [metrics, inFlight] in
                admission.finished(instance: index)
                admission.release()
                metrics.record(
                    endpoint: endpointName, deployment: deployment.name, statusCode: Int(instanceStatus.code),
                    duration: ContinuousClock.now - start)
                inFlight.end()
            }
            if response.body.contentLength != nil {
                // A body of known length is complete already (the instance's own rule for what is streamed): it
                // goes back untouched, so Hummingbird writes head, body and end in one batched write instead of
                // three; wrapping it to wait for the last byte cost a closure body and two more writes per request.
                release()
            } else {
                let lease = RequestLease(release)
                let body = response.body
                response.body = ResponseBody { writer in
                    defer { lease.end() }
                    try await body.write(writer)
                }
            }
            response.headers[Self.deploymentHeader] = deployment.name
            response.headers[requestID.header] = requestID.value
            return response
        } catch {
            return finish(error.response, requestID, knownEndpoint, deploymentName, start)
        }
    }

    /// A gateway-made answer (error or 424): headers added, metrics recorded, no longer in flight.
    private func finish(
        _ response: Response, _ requestID: RequestID, _ endpoint: String, _ deployment: String,
        _ start: ContinuousClock.Instant
    ) -> Response {
        var response = response
        if !deployment.isEmpty { response.headers[Self.deploymentHeader] = deployment }
        response.headers[requestID.header] = requestID.value
        metrics.record(
            endpoint: endpoint, deployment: deployment, statusCode: Int(response.status.code),
            duration: ContinuousClock.now - start)
        inFlight.end()
        return response
    }

    /// The request as the instance sees it: the caller's key is not passed on.
    static func forwarded(_ request: Request) -> Request {
        guard request.headers[.authorization] != nil else { return request }
        var head = request.head
        head.headerFields[.authorization] = nil
        return Request(head: head, body: request.body)
    }

    /// `GET /endpoints/{name}/swagger.json`: the chosen deployment's flow description, as its instance serves it.
    func swagger(_ request: Request, endpointName: String) async -> Response {
        let requestID = RequestID(request.headers)
        do {
            let endpoint = try endpoint(named: endpointName)
            try await authorize(request, for: endpoint)
            let deployment = try chooseDeployment(endpoint, named: request.headers[Self.deploymentHeader])
            let admission = admissions.admission(for: deployment)
            let index = admission.claimInstance { deployment.instances[$0].isAcceptingRequests }
            defer { admission.finished(instance: index) }
            let body = await deployment.instances[index].swaggerJSON()
            let headers: HTTPFields = [
                .contentType: "application/json", Self.deploymentHeader: deployment.name,
                requestID.header: requestID.value,
            ]
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
        } catch {
            var response = error.response
            response.headers[requestID.header] = requestID.value
            return response
        }
    }
}
