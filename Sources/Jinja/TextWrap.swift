import Foundation

/// Python's `textwrap.wrap` as jinja2's `wordwrap` calls it (no tab expansion, whitespace kept,
/// whitespace dropped at line ends, long words broken, optional breaks after hyphens).
enum TextWrap {
    static func chunks(_ s: String, breakOnHyphens: Bool) -> [[Unicode.Scalar]] {
        var out: [[Unicode.Scalar]] = []
        var cur: [Unicode.Scalar] = []
        var curIsSpace = false
        for u in s.unicodeScalars {
            let sp = Lexer.isSpace(u)
            if !cur.isEmpty && sp != curIsSpace {
                out.append(cur)
                cur = []
            }
            cur.append(u)
            curIsSpace = sp
        }
        if !cur.isEmpty { out.append(cur) }
        guard breakOnHyphens else { return out }
        var split: [[Unicode.Scalar]] = []
        for c in out {
            if Lexer.isSpace(c[0]) {
                split.append(c)
                continue
            }
            // break after a hyphen that sits between word characters: "foo-bar" -> "foo-", "bar"
            var piece: [Unicode.Scalar] = []
            for (i, u) in c.enumerated() {
                piece.append(u)
                if u == "-", i > 0, i + 1 < c.count, isWordChar(c[i - 1]), c[i + 1].properties.isAlphabetic,
                    piece.contains(where: isWordChar)
                {
                    split.append(piece)
                    piece = []
                }
            }
            if !piece.isEmpty { split.append(piece) }
        }
        return split
    }

    static func isWordChar(_ u: Unicode.Scalar) -> Bool {
        u == "_" || u.properties.isAlphabetic || u.properties.numericType != nil
    }

    static func isBlank(_ c: [Unicode.Scalar]) -> Bool { c.allSatisfy(Lexer.isSpace) }

    static func wrap(_ text: String, width: Int, breakLongWords: Bool, breakOnHyphens: Bool) -> [String] {
        var chunks = Array(chunks(text, breakOnHyphens: breakOnHyphens).reversed())
        var lines: [String] = []
        while !chunks.isEmpty {
            var cur: [[Unicode.Scalar]] = []
            var curLen = 0
            if isBlank(chunks.last!) && !lines.isEmpty { chunks.removeLast() }
            while let c = chunks.last, curLen + c.count <= width {
                cur.append(c)
                curLen += c.count
                chunks.removeLast()
            }
            if let c = chunks.last, c.count > width {
                let spaceLeft = width < 1 ? 1 : width - curLen
                if breakLongWords {
                    var end = spaceLeft
                    if breakOnHyphens && c.count > spaceLeft {
                        if let h = c[0..<max(0, spaceLeft)].lastIndex(of: "-"), h > 0, c[0..<h].contains(where: { $0 != "-" }) {
                            end = h + 1
                        }
                    }
                    cur.append(Array(c[0..<end]))
                    chunks[chunks.count - 1] = Array(c[end...])
                } else if cur.isEmpty {
                    cur.append(chunks.removeLast())
                }
            }
            if let last = cur.last, isBlank(last) { cur.removeLast() }
            if !cur.isEmpty {
                var line = String.UnicodeScalarView()
                for c in cur { line.append(contentsOf: c) }
                lines.append(String(line))
            }
        }
        return lines
    }
}

/// Python's `html.unescape` for the entities that appear in practice.
enum HTMLEntities {
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "copy": "©", "reg": "®",
        "hellip": "…", "mdash": "—", "ndash": "–", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”",
        "euro": "€", "trade": "™", "times": "×", "divide": "÷", "deg": "°", "middot": "·", "bull": "•",
    ]

    static func unescape(_ s: String) -> String {
        guard s.contains("&") else { return s }
        let chars = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < chars.count {
            if chars[i] == "&" {
                var j = i + 1
                var name = ""
                while j < chars.count, j - i < 32, chars[j] != ";", chars[j] != "&", !Lexer.isSpace(chars[j]) {
                    name.unicodeScalars.append(chars[j])
                    j += 1
                }
                let terminated = j < chars.count && chars[j] == ";"
                if name.hasPrefix("#") {
                    let num = name.dropFirst()
                    let v: UInt32? =
                        num.hasPrefix("x") || num.hasPrefix("X") ? UInt32(num.dropFirst(), radix: 16) : UInt32(num)
                    if let v, let u = Unicode.Scalar(v) {
                        out.append(u)
                        i = terminated ? j + 1 : j
                        continue
                    }
                } else if let r = named[name] {
                    out.append(contentsOf: r.unicodeScalars)
                    i = terminated ? j + 1 : j
                    continue
                }
            }
            out.append(chars[i])
            i += 1
        }
        return String(out)
    }
}
