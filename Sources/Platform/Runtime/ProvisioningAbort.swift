/// Ends a provisioning stage: `failed` marks the deployment and its operation Failed with the failure;
/// `superseded` means the desired state changed meanwhile (the operation is Canceled, the next pass takes over).
enum ProvisioningAbort: Error, Sendable {
    case failed(ProvisioningFailure)
    case superseded

    static func failure(_ code: String, _ message: String) -> ProvisioningAbort {
        .failed(ProvisioningFailure(code: code, message: message))
    }
}
