import Foundation

/// Code-point-exact substring search (Python semantics; Swift's String search compares Characters,
/// so "\n" would not be found inside "\r\n"). Works on UTF-8 bytes, which preserves code point boundaries.
enum TextSearch {
    static func find(_ hay: [UInt8], _ needle: [UInt8], from: Int = 0) -> Int? {
        let n = needle.count
        if n == 0 { return from <= hay.count ? from : nil }
        guard hay.count >= n, from <= hay.count - n else { return nil }
        let first = needle[0]
        var i = from
        let last = hay.count - n
        while i <= last {
            if hay[i] == first {
                var j = 1
                while j < n && hay[i + j] == needle[j] { j += 1 }
                if j == n { return i }
            }
            i += 1
        }
        return nil
    }

    static func findLast(_ hay: [UInt8], _ needle: [UInt8]) -> Int? {
        let n = needle.count
        guard hay.count >= n else { return nil }
        var i = hay.count - n
        while i >= 0 {
            if Array(hay[i..<(i + n)]) == needle { return i }
            i -= 1
        }
        return nil
    }

    static func string(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    static func contains(_ s: String, _ sub: String) -> Bool {
        find(Array(s.utf8), Array(sub.utf8)) != nil
    }

    /// Pieces between occurrences of `sep`, at most `max` splits (negative: all).
    static func split(_ s: String, _ sep: String, max: Int = -1) -> [String] {
        let hay = Array(s.utf8)
        let needle = Array(sep.utf8)
        var out: [String] = []
        var start = 0
        while max < 0 || out.count < max, let i = find(hay, needle, from: start) {
            out.append(string(hay[start..<i]))
            start = i + needle.count
        }
        out.append(string(hay[start...]))
        return out
    }

    static func replace(_ s: String, _ old: String, _ new: String, max: Int = -1) -> String {
        let parts = split(s, old, max: max)
        return parts.joined(separator: new)
    }

    static func count(_ s: String, _ sub: String) -> Int { split(s, sub).count - 1 }
}
