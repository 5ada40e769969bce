extension Endpoint {
    /// Checks the endpoint on its own: name, tags, identity, percent ranges and sums, one mirror at most 50 %.
    public func validate() throws(ResourceValidationError) {
        try validationIssues(deployments: nil).throwIfAny()
    }

    /// Checks the endpoint against the names of its deployments too: traffic and mirror name existing ones,
    /// and the mirror never targets a deployment with live traffic.
    public func validate(deployments: some Collection<String>) throws(ResourceValidationError) {
        try validationIssues(deployments: Set(deployments)).throwIfAny()
    }

    func validationIssues(deployments: Set<String>?) -> ValidationIssues {
        var issues = ValidationIssues()
        ResourceName.check(name, field: "name", into: &issues)
        Self.checkTags(tags, into: &issues)
        identity.validate(into: &issues)
        for (deployment, percent) in traffic.sorted(by: { $0.key < $1.key }) {
            issues.require(
                (0...100).contains(percent), "traffic.\(deployment)", "\(percent) is not a percentage from 0 to 100")
            if let deployments, !deployments.contains(deployment) {
                issues.add("traffic.\(deployment)", "endpoint '\(name)' has no deployment '\(deployment)'")
            }
        }
        let sum = traffic.values.reduce(0, +)
        issues.require(sum == 0 || sum == 100, "traffic", "percentages sum to \(sum); they must sum to 0 or 100")
        issues.require(
            mirrorTraffic.count <= 1, "mirror_traffic",
            "mirrors to \(mirrorTraffic.count) deployments; traffic can be mirrored to one deployment only")
        for (deployment, percent) in mirrorTraffic.sorted(by: { $0.key < $1.key }) {
            let field = "mirror_traffic.\(deployment)"
            issues.require((0...50).contains(percent), field, "\(percent) % is over the 50 % a mirror may take")
            if let deployments, !deployments.contains(deployment) {
                issues.add(field, "endpoint '\(name)' has no deployment '\(deployment)'")
            }
            if percent > 0, (traffic[deployment] ?? 0) > 0 {
                issues.add(
                    field, "deployment '\(deployment)' takes live traffic and cannot also receive mirrored traffic")
            }
        }
        return issues
    }

    static func checkTags(_ tags: [String: String], into issues: inout ValidationIssues) {
        for key in tags.keys.sorted() where key.isEmpty || key.count > 256 {
            issues.add("tags", "tag names are 1–256 characters, got '\(key.prefix(40))'")
        }
    }
}
