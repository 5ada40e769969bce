import HTTPTypes
import Hummingbird
import Platform

extension Gateway {
    /// `POST /endpoints/{name}/feedback[?flatten=true]`: promptflow's `/feedback` behind the endpoint's auth (keys or
    /// tokens, as `score`). It goes to the deployment `azureml-model-deployment` names, else to the deployment whose
    /// instance keeps the trace the `traceparent` names (the one that answered that request), else to one drawn by
    /// traffic; within the deployment, to the instance keeping that trace when one does. Takes no scoring slot.
    func feedback(_ request: Request, endpointName: String) async -> Response {
        let requestID = RequestID(request.headers)
        do throws(GatewayError) {
            let endpoint = try endpoint(named: endpointName)
            try await authorize(request, for: endpoint)
            let named = request.headers[Self.deploymentHeader]
            let traceID = Self.traceID(request.headers[.traceparent])
            var target: (LiveDeployment, any FeedbackInstance)?
            if let named, !named.isEmpty {
                let deployment = try chooseDeployment(endpoint, named: named)
                target = await Self.feedbackInstance(in: [deployment], keeping: traceID)
                if target == nil, let any = Self.feedbackInstances(deployment).first { target = (deployment, any) }
            } else {
                let deployments = endpoint.deployments.keys.sorted().compactMap { endpoint.deployments[$0] }
                target = await Self.feedbackInstance(in: deployments, keeping: traceID)
                if target == nil {
                    let deployment = try chooseDeployment(endpoint, named: nil)
                    if let any = Self.feedbackInstances(deployment).first { target = (deployment, any) }
                }
            }
            guard let (deployment, instance) = target else {
                throw .notFound("No deployment of endpoint '\(endpoint.name)' takes feedback now.")
            }
            var response = await instance.feedback(Self.forwarded(request))
            response.headers[Self.deploymentHeader] = deployment.name
            response.headers[requestID.header] = requestID.value
            return response
        } catch {
            var response = error.response
            response.headers[requestID.header] = requestID.value
            return response
        }
    }

    /// The trace id of a W3C `traceparent` (`00-<32 hex>-<16 hex>-<2 hex>`), or nil.
    static func traceID(_ traceparent: String?) -> String? {
        guard let parts = traceparent?.split(separator: "-"), parts.count == 4, parts[1].count == 32,
            parts[1].allSatisfy(\.isHexDigit)
        else { return nil }
        return parts[1].lowercased()
    }

    /// The deployment's serving instances that take feedback.
    static func feedbackInstances(_ deployment: LiveDeployment) -> [any FeedbackInstance] {
        deployment.instances.filter(\.isAcceptingRequests).compactMap { $0 as? any FeedbackInstance }
    }

    /// The first instance among `deployments` that keeps the trace `traceID`, with its deployment.
    static func feedbackInstance(
        in deployments: [LiveDeployment], keeping traceID: String?
    ) async -> (LiveDeployment, any FeedbackInstance)? {
        guard let traceID else { return nil }
        for deployment in deployments {
            for instance in feedbackInstances(deployment) {
                guard let tracing = instance as? any TracingInstance else { continue }
                if await tracing.trace(id: traceID) != nil { return (deployment, instance) }
            }
        }
        return nil
    }
}
