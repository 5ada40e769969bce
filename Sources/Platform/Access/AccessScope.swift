/// Where a role assignment applies: `/` (everything), `/endpoints/NAME` or `/connections/NAME`.
/// A scope covers itself and everything under it.
public enum AccessScope {
    /// The workspace: every resource.
    public static let root = "/"

    /// Why `scope` is not a scope, or `nil`.
    public static func problem(with scope: String) -> String? {
        if scope == root { return nil }
        let parts = scope.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].isEmpty, ["endpoints", "connections"].contains(parts[1]), !parts[2].isEmpty
        else { return "'\(scope.prefix(80))' is not '/', '/endpoints/NAME' or '/connections/NAME'" }
        return nil
    }

    /// Whether an assignment at `scope` applies to a request at `target`.
    public static func covers(_ scope: String, _ target: String) -> Bool {
        if scope == root { return true }
        return target == scope || target.hasPrefix(scope + "/")
    }
}
