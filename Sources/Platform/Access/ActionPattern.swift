/// Matches actions against role patterns: `*` stands for any run of characters (slashes included),
/// everything else matches itself, ignoring case; so `*/read` matches `deployments/logs/read`.
public enum ActionPattern {
    /// Whether `pattern` matches all of `action`.
    public static func matches(_ pattern: String, _ action: String) -> Bool {
        let p = Array(pattern.lowercased().utf8)
        let a = Array(action.lowercased().utf8)
        var pi = 0
        var ai = 0
        var star = -1
        var resume = 0
        while ai < a.count {
            if pi < p.count, p[pi] == UInt8(ascii: "*") {
                star = pi
                resume = ai
                pi += 1
            } else if pi < p.count, p[pi] == a[ai] {
                pi += 1
                ai += 1
            } else if star >= 0 {
                pi = star + 1
                resume += 1
                ai = resume
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }

    /// Why `pattern` is not an action pattern, or `nil`: non-empty, letters, digits, `/`, `.`, `_`, `-` and `*`.
    public static func problem(with pattern: String) -> String? {
        guard !pattern.isEmpty, pattern.count <= 200 else { return "an action has 1 to 200 characters" }
        let allowed = pattern.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
                || "/._-*".unicodeScalars.contains($0)
        }
        return allowed ? nil : "'\(pattern.prefix(80))' may hold only letters, digits, '/', '.', '_', '-' and '*'"
    }
}
