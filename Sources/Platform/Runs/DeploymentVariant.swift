import FlowSpec

/// Serves a deployment's variant: the flow with that node's `default_variant_id` set to it, so the executor built
/// from it (and so every request) runs the variant. A variant the flow does not have is the user's `BadArgument`.
enum DeploymentVariant {
    static func apply(_ variant: String?, to flow: Flow) throws(ProvisioningAbort) -> Flow {
        guard let variant else { return flow }
        let selection: (node: String, variant: String)
        do {
            selection = try flow.variantSelection(variant)
        } catch {
            throw .failure(
                ProvisioningFailure.badArgument,
                "variant: " + error.diagnostics.map(\.message).joined(separator: "; "))
        }
        var flow = flow
        flow.nodeVariants[selection.node]?.defaultVariantID = selection.variant
        return flow
    }
}
