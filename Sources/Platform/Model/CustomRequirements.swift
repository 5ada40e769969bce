import Foundation

/// The rule for a deployment's custom requirements text (`environment.requirements`): pip reads it as a
/// requirements file, so anything that makes pip read another file, another index or a URL is refused. Each
/// line that is not blank or a `#` comment names a package from the configured index (`name`, `name==1.0`,
/// `name[extra]>=1; python_version >= "3.9"`), optionally with `--hash=` checks.
public enum CustomRequirements {
    /// The largest text accepted (bytes of UTF-8).
    public static let maxBytes = 16_384

    /// Adds an issue on `environment.requirements` for a text over the size limit and for each refused line
    /// (at most five, each with its 1-based line number).
    static func check(_ text: String, into issues: inout ValidationIssues) {
        let field = "environment.requirements"
        let size = text.utf8.count
        guard size <= maxBytes else {
            issues.add(field, "the requirements text is \(size) bytes; at most \(maxBytes) are accepted")
            return
        }
        var refused = 0
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard refused < 5, let reason = refusal(of: String(raw)) else { continue }
            let shown = raw.trimmingCharacters(in: .whitespaces).prefix(60)
            issues.add(field, "line \(index + 1) ('\(shown)'): \(reason)")
            refused += 1
        }
    }

    /// Why pip must not read `line`, or nil when it names a package from the index.
    static func refusal(of line: String) -> String? {
        var text = Substring(line)
        // pip's comments: `#` at the start or after whitespace.
        if let hash = text.firstIndex(of: "#"),
            hash == text.startIndex || [" ", "\t"].contains(text[text.index(before: hash)])
        {
            text = text[..<hash]
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "\r")))
        if trimmed.isEmpty { return nil }
        let outside =
            "pip options (-e, -r, -c, --index-url, --extra-index-url, --find-links, ...) are refused because they "
            + "reach outside this text and the package index; give one package per line, e.g. 'name==1.0'"
        if trimmed.hasPrefix("-") { return outside }
        let tokens = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" })
        if tokens.dropFirst().contains(where: { $0.hasPrefix("-") && !$0.hasPrefix("--hash") }) { return outside }
        if trimmed.hasSuffix("\\") { return "line continuations are refused; give one package per line" }
        guard let first = trimmed.unicodeScalars.first,
            ("a"..."z").contains(first) || ("A"..."Z").contains(first) || ("0"..."9").contains(first)
        else {
            return "a line names a package (letters or digits first); local paths and files are refused"
        }
        if trimmed.contains("://") || trimmed.contains("@") || trimmed.hasPrefix("file:") {
            return "direct references (name @ URL, URLs, VCS links) are refused; name a package from the index"
        }
        // pip reads a name with a path separator, or an archive's file name, as a file next to the text.
        let requirement = trimmed.split(separator: ";").first.map(String.init)?.lowercased() ?? ""
        let archives = [".whl", ".zip", ".tar.gz", ".tgz", ".tar.bz2", ".tar"]
        if requirement.contains("/") || requirement.contains("\\")
            || archives.contains(where: { requirement.hasSuffix($0) })
        {
            return "local paths and files are refused; name a package from the index"
        }
        return nil
    }
}
