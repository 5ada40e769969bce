import FlowSpec

extension ManagementClient {
    /// After a create, update or delete answered: unless `noWait`, follows the resource's `latest_operation_id`
    /// while its state is in progress, then reads it again at `path`. Returns `nil` once a deleted resource is gone.
    func settle(_ resource: FlowValue, path: String, noWait: Bool, title: String) async throws -> FlowValue? {
        let object = resource.objectValue ?? [:]
        let state = object["provisioning_state"]?.stringValue ?? ""
        guard !noWait, Self.inProgress.contains(state) else { return resource }
        if let id = object["latest_operation_id"]?.stringValue {
            try await OperationFollower(client: self).follow(id, title: title)
        }
        do {
            var current = try await json(.GET, path)
            // Without an operation id, poll the resource itself until its state settles.
            while object["latest_operation_id"]?.stringValue == nil,
                Self.inProgress.contains(current.objectValue?["provisioning_state"]?.stringValue ?? "")
            {
                try await Task.sleep(for: .milliseconds(250))
                current = try await json(.GET, path)
            }
            if let failure = current.objectValue?["failure"]?.objectValue,
                current.objectValue?["provisioning_state"]?.stringValue == "Failed"
            {
                throw OperationFollower.Failure(
                    status: "Failed", code: failure["code"]?.stringValue ?? "Failed",
                    message: failure["message"]?.stringValue ?? "no reason was given")
            }
            return current
        } catch let error as ManagementAPIError where error.status == 404 && state == "Deleting" {
            return nil
        }
    }

    static let inProgress: Set<String> = ["Creating", "Updating", "Deleting", "Scaling"]
}
