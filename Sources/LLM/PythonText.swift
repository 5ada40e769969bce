import Foundation

/// Python `str` semantics the chat parser relies on: `str.strip()`, `str.replace()`, and `re`
/// patterns whose `\s` means Python's Unicode whitespace (ICU's `\s` differs: no `\v`, `\x1c`–`\x1f`, `\x85`).
enum PythonText {
    /// The characters Python's `str.isspace()` accepts (and `\s` matches in a `str` pattern).
    static let whitespace: Set<Unicode.Scalar> = {
        var set: Set<Unicode.Scalar> = []
        let values: [UInt32] =
            [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680]
            + Array(0x2000...0x200A) + [0x2028, 0x2029, 0x202F, 0x205F, 0x3000]
        for v in values { set.insert(Unicode.Scalar(v)!) }
        return set
    }()

    /// The body of an ICU character class equal to Python's `\s`.
    static let whitespaceClassBody =
        #"\t\n\x{0B}\f\r\x{1C}-\x{1F} \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}"#
    /// Python's `\s` as an ICU class.
    static let ws = "[" + whitespaceClassBody + "]"
    /// Python's `\S` as an ICU class.
    static let nonWS = "[^" + whitespaceClassBody + "]"

    /// Python's `s.strip()`.
    static func strip(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { !whitespace.contains($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !whitespace.contains($0) })!
        return String(scalars[first...last])
    }

    /// Python's `s.replace(old, new)`: every non-overlapping occurrence, left to right, by code point.
    static func replace(_ s: String, _ old: String, _ new: String) -> String {
        let hay = Array(s.utf8)
        let needle = Array(old.utf8)
        guard !needle.isEmpty, hay.count >= needle.count else {
            return needle.isEmpty ? replaceEmpty(s, new) : s
        }
        var out: [UInt8] = []
        out.reserveCapacity(hay.count)
        var i = 0
        var changed = false
        let first = needle[0]
        let limit = hay.count - needle.count
        while i < hay.count {
            if i <= limit, hay[i] == first, hay[i..<(i + needle.count)].elementsEqual(needle) {
                out.append(contentsOf: new.utf8)
                i += needle.count
                changed = true
            } else {
                out.append(hay[i])
                i += 1
            }
        }
        // UTF-8 needles only match on scalar boundaries, so the result is valid UTF-8.
        return changed ? String(decoding: out, as: UTF8.self) : s
    }

    /// Python's `s.replace("", new)`: `new` between every code point and at both ends.
    private static func replaceEmpty(_ s: String, _ new: String) -> String {
        var out = new
        for scalar in s.unicodeScalars {
            out.unicodeScalars.append(scalar)
            out += new
        }
        return out
    }
}

/// A compiled regular expression with Python `re` behaviour for the patterns used here.
struct PyRegex: @unchecked Sendable {
    // NSRegularExpression is immutable and thread-safe once built.
    let regex: NSRegularExpression

    /// `pattern` may use `\s`/`\S` placeholders spelled `{WS}`/`{NWS}`.
    init(_ pattern: String, caseInsensitive: Bool = false, multiline: Bool = false, dotAll: Bool = false) {
        let expanded =
            pattern
            .replacingOccurrences(of: "{NWS}", with: PythonText.nonWS)
            .replacingOccurrences(of: "{WS}", with: PythonText.ws)
        // Python recognises only "\n" as a line end for ^ and $.
        var options: NSRegularExpression.Options = [.useUnixLineSeparators]
        if caseInsensitive { options.insert(.caseInsensitive) }
        if multiline { options.insert(.anchorsMatchLines) }
        if dotAll { options.insert(.dotMatchesLineSeparators) }
        do {
            regex = try NSRegularExpression(pattern: expanded, options: options)
        } catch {
            fatalError("built-in pattern does not compile: \(expanded): \(error)")
        }
    }

    struct Match {
        let range: Range<String.Index>
        let groups: [Range<String.Index>?]
    }

    private func convert(_ m: NSTextCheckingResult, in s: String) -> Match {
        let range = Range(m.range, in: s)!
        var groups: [Range<String.Index>?] = []
        if m.numberOfRanges > 1 {
            for g in 1..<m.numberOfRanges {
                let r = m.range(at: g)
                groups.append(r.location == NSNotFound ? nil : Range(r, in: s))
            }
        }
        return Match(range: range, groups: groups)
    }

    /// Python's `re.search`: the leftmost match.
    func search(_ s: String) -> Match? {
        guard let m = regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) else { return nil }
        return convert(m, in: s)
    }

    /// Python's `re.finditer`.
    func matches(_ s: String) -> [Match] {
        regex.matches(in: s, range: NSRange(s.startIndex..., in: s)).map { convert($0, in: s) }
    }

    /// Python's `re.findall` for a pattern with exactly one group.
    func findAll(_ s: String) -> [String] {
        matches(s).map { m in m.groups.first.flatMap { $0 }.map { String(s[$0]) } ?? "" }
    }

    /// Python's `re.split` for a pattern whose matches are never empty: the text between matches,
    /// with each match's groups in between.
    func split(_ s: String) -> [String] {
        var chunks: [String] = []
        var position = s.startIndex
        for m in matches(s) {
            chunks.append(String(s[position..<m.range.lowerBound]))
            for g in m.groups { chunks.append(g.map { String(s[$0]) } ?? "") }
            position = m.range.upperBound
        }
        chunks.append(String(s[position...]))
        return chunks
    }
}
