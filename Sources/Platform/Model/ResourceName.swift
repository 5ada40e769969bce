/// The naming rule endpoints and deployments share (COMPAT §D): start with a letter, 3–32 characters,
/// letters, digits and single dashes, not ending with a dash, so a name is safe in a URL and a file name.
public enum ResourceName {
    public static let minLength = 3
    public static let maxLength = 32

    /// Why `name` is not a valid name, or `nil` when it is.
    public static func problem(with name: String) -> String? {
        let scalars = Array(name.unicodeScalars)
        guard scalars.count >= minLength, scalars.count <= maxLength else {
            return "'\(name.prefix(40))' is \(scalars.count) characters; names are \(minLength)–\(maxLength) characters"
        }
        guard let first = scalars.first, isLetter(first) else {
            return "'\(name)' must start with a letter"
        }
        var previousDash = false
        for scalar in scalars {
            if scalar == "-" {
                if previousDash { return "'\(name)' has two dashes in a row; use single dashes" }
                previousDash = true
            } else if isLetter(scalar) || ("0"..."9").contains(scalar) {
                previousDash = false
            } else {
                return
                    "'\(name)' may contain only letters, digits and single dashes, not '\(scalar.escaped(asASCII: true))'"
            }
        }
        if previousDash { return "'\(name)' must not end with a dash" }
        return nil
    }

    /// Adds the problem with `name`, if any, for `field`.
    static func check(_ name: String, field: String, into issues: inout ValidationIssues) {
        if let problem = problem(with: name) { issues.add(field, problem) }
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}
