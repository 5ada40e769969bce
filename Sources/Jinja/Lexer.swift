import Foundation

/// One lexical unit of a template: text between tags, tag delimiters, and the tokens inside tags.
struct Token: Sendable {
    enum Kind: Equatable, Sendable {
        case data(String)
        case variableBegin, variableEnd, blockBegin, blockEnd
        case name(String)
        case string(String)
        case integer(Int)
        /// An integer literal beyond 64 bits, as its decimal digits.
        case bigInteger(String)
        case float(Double)
        case op(String)
        case eof
    }
    let kind: Kind
    let line: Int
}

/// Splits template source into tokens, applying jinja2's whitespace rules
/// (`-`/`+` modifiers, `trim_blocks`, `lstrip_blocks`, `keep_trailing_newline`) as it goes.
struct Lexer {
    let trimBlocks: Bool
    let lstripBlocks: Bool
    let keepTrailingNewline: Bool
    let templateName: String?

    private var s: [Unicode.Scalar] = []
    private var pos = 0
    private var line = 1
    private var tokens: [Token] = []

    init(trimBlocks: Bool, lstripBlocks: Bool, keepTrailingNewline: Bool, templateName: String?) {
        self.trimBlocks = trimBlocks
        self.lstripBlocks = lstripBlocks
        self.keepTrailingNewline = keepTrailingNewline
        self.templateName = templateName
    }

    /// Python's `str.splitlines()` separators; jinja2 joins the lines back with "\n".
    static func isLineBreak(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }

    static func normalizeNewlines(_ source: String, keepTrailing: Bool) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(source.unicodeScalars.count)
        var it = Array(source.unicodeScalars)
        var i = 0
        var endedWithBreak = false
        while i < it.count {
            let c = it[i]
            if isLineBreak(c) {
                out.append("\n")
                if c == "\r", i + 1 < it.count, it[i + 1] == "\n" { i += 1 }
                endedWithBreak = true
            } else {
                out.append(c)
                endedWithBreak = false
            }
            i += 1
        }
        // splitlines() + join drops the final line break unless keep_trailing_newline.
        if endedWithBreak && !keepTrailing { out.removeLast() }
        it = []
        return out
    }

    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x85, 0xA0, 0x1680, 0x2000...0x200A,
            0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default: return false
        }
    }

    mutating func tokenize(_ source: String) throws -> [Token] {
        s = Lexer.normalizeNewlines(source, keepTrailing: keepTrailingNewline)
        pos = 0
        line = 1
        tokens = []
        var lineStarting = true
        while pos < s.count {
            // Find the next tag start.
            var i = pos
            var found = -1
            while i + 1 < s.count {
                if s[i] == "{" {
                    let n = s[i + 1]
                    if n == "{" || n == "%" || n == "#" {
                        found = i
                        break
                    }
                }
                i += 1
            }
            if found < 0 {
                emitData(pos, s.count)
                pos = s.count
                break
            }
            let kindChar = s[found + 1]
            var modifier: Unicode.Scalar? = nil
            if found + 2 < s.count, s[found + 2] == "-" || s[found + 2] == "+" { modifier = s[found + 2] }
            // Raw block?
            var rawEnd: Int? = nil
            if kindChar == "%" { rawEnd = matchRawBegin(found + 2 + (modifier == nil ? 0 : 1)) }
            // Text before the tag, with whitespace control.
            var textEnd = found
            if modifier == "-" {
                while textEnd > pos, Lexer.isSpace(s[textEnd - 1]) { textEnd -= 1 }
            } else if modifier != "+", lstripBlocks, kindChar != "{" {
                var j = textEnd
                while j > pos, s[j - 1] == " " || s[j - 1] == "\t" { j -= 1 }
                let atLineStart = (j > pos && s[j - 1] == "\n") || (j == pos && lineStarting)
                if atLineStart { textEnd = j }
            }
            let strippedNewlines = count(newlinesFrom: textEnd, to: found)
            emitData(pos, textEnd)
            line += strippedNewlines
            let tagLine = line
            pos = found + 2 + (modifier == nil ? 0 : 1)
            if let rawEnd {
                pos = rawEnd
                try lexRawBody(line: tagLine)
            } else if kindChar == "#" {
                try lexComment()
            } else if kindChar == "%" {
                tokens.append(Token(kind: .blockBegin, line: tagLine))
                try lexTag(block: true)
            } else {
                tokens.append(Token(kind: .variableBegin, line: tagLine))
                try lexTag(block: false)
            }
            lineStarting = pos > 0 && s[pos - 1] == "\n"
        }
        tokens.append(Token(kind: .eof, line: line))
        return tokens
    }

    private func count(newlinesFrom a: Int, to b: Int) -> Int {
        var n = 0
        var i = a
        while i < b {
            if s[i] == "\n" { n += 1 }
            i += 1
        }
        return n
    }

    private mutating func emitData(_ a: Int, _ b: Int) {
        guard b > a else { return }
        var str = String.UnicodeScalarView()
        str.append(contentsOf: s[a..<b])
        tokens.append(Token(kind: .data(String(str)), line: line))
        line += count(newlinesFrom: a, to: b)
    }

    private func skipSpaces(_ p: Int) -> Int {
        var p = p
        while p < s.count, Lexer.isSpace(s[p]) { p += 1 }
        return p
    }

    private func hasPrefix(_ p: Int, _ lit: String) -> Bool {
        var i = p
        for c in lit.unicodeScalars {
            if i >= s.count || s[i] != c { return false }
            i += 1
        }
        return true
    }

    private func isNameChar(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic || ("0"..."9").contains(c) || c.properties.numericType != nil
    }

    /// `{% raw %}` (after the `{%` and modifier): returns the position after the tag, if it is one.
    /// The raw tag itself takes no trim_blocks newline, as in jinja2.
    private func matchRawBegin(_ p: Int) -> Int? {
        var i = skipSpaces(p)
        guard hasPrefix(i, "raw") else { return nil }
        i += 3
        if i < s.count, isNameChar(s[i]) { return nil }
        i = skipSpaces(i)
        if hasPrefix(i, "-%}") { return skipSpaces(i + 3) }
        if hasPrefix(i, "%}") { return i + 2 }
        return nil
    }

    private mutating func lexRawBody(line tagLine: Int) throws {
        var i = pos
        while i < s.count {
            if s[i] == "{", i + 1 < s.count, s[i + 1] == "%" {
                var j = i + 2
                var modifier: Unicode.Scalar? = nil
                if j < s.count, s[j] == "-" || s[j] == "+" {
                    modifier = s[j]
                    j += 1
                }
                j = skipSpaces(j)
                if hasPrefix(j, "endraw") {
                    var k = skipSpaces(j + 6)
                    var end: Int? = nil
                    if hasPrefix(k, "+%}") {
                        end = k + 3
                    } else if hasPrefix(k, "-%}") {
                        end = skipSpaces(k + 3)
                    } else if hasPrefix(k, "%}") {
                        k += 2
                        if trimBlocks, k < s.count, s[k] == "\n" { k += 1 }
                        end = k
                    }
                    if let end {
                        var textEnd = i
                        if modifier == "-" {
                            while textEnd > pos, Lexer.isSpace(s[textEnd - 1]) { textEnd -= 1 }
                        } else if modifier != "+", lstripBlocks {
                            var t = textEnd
                            while t > pos, s[t - 1] == " " || s[t - 1] == "\t" { t -= 1 }
                            if t > pos, s[t - 1] == "\n" { textEnd = t }
                        }
                        let startLine = line
                        emitData(pos, textEnd)
                        line = startLine + count(newlinesFrom: pos, to: end)
                        pos = end
                        return
                    }
                }
            }
            i += 1
        }
        throw TemplateError(.syntax, "Missing end of raw directive", templateName: templateName, line: tagLine)
    }

    private mutating func lexComment() throws {
        let startLine = line
        var i = pos
        while i < s.count {
            if hasPrefix(i, "+#}") {
                line += count(newlinesFrom: pos, to: i + 3)
                pos = i + 3
                return
            }
            if hasPrefix(i, "-#}") {
                let end = skipSpaces(i + 3)
                line += count(newlinesFrom: pos, to: end)
                pos = end
                return
            }
            if hasPrefix(i, "#}") {
                var end = i + 2
                if trimBlocks, end < s.count, s[end] == "\n" { end += 1 }
                line += count(newlinesFrom: pos, to: end)
                pos = end
                return
            }
            i += 1
        }
        throw TemplateError(.syntax, "Missing end of comment tag", templateName: templateName, line: startLine)
    }

    private static let operators3: [String] = []
    private static let operators2: [String] = ["//", "**", "==", "!=", ">=", "<="]
    private static let operators1: Set<Unicode.Scalar> = [
        "+", "-", "/", "*", "%", "~", "[", "]", "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";",
    ]

    private mutating func lexTag(block: Bool) throws {
        var balance: [Unicode.Scalar] = []
        let startLine = line
        while true {
            if pos >= s.count {
                throw TemplateError(
                    .syntax, block ? "Unexpected end of template. Jinja was looking for the end of a block tag ('%}')."
                        : "unexpected end of template, expected 'end of print statement'.",
                    templateName: templateName, line: startLine)
            }
            if balance.isEmpty {
                if block {
                    if hasPrefix(pos, "+%}") {
                        tokens.append(Token(kind: .blockEnd, line: line))
                        pos += 3
                        return
                    }
                    if hasPrefix(pos, "-%}") {
                        tokens.append(Token(kind: .blockEnd, line: line))
                        let end = skipSpaces(pos + 3)
                        line += count(newlinesFrom: pos, to: end)
                        pos = end
                        return
                    }
                    if hasPrefix(pos, "%}") {
                        tokens.append(Token(kind: .blockEnd, line: line))
                        pos += 2
                        if trimBlocks, pos < s.count, s[pos] == "\n" {
                            pos += 1
                            line += 1
                        }
                        return
                    }
                } else {
                    if hasPrefix(pos, "-}}") {
                        tokens.append(Token(kind: .variableEnd, line: line))
                        let end = skipSpaces(pos + 3)
                        line += count(newlinesFrom: pos, to: end)
                        pos = end
                        return
                    }
                    if hasPrefix(pos, "}}") {
                        tokens.append(Token(kind: .variableEnd, line: line))
                        pos += 2
                        return
                    }
                }
            }
            let c = s[pos]
            if Lexer.isSpace(c) {
                if c == "\n" { line += 1 }
                pos += 1
                continue
            }
            if let (tok, end) = lexNumber(pos) {
                tokens.append(Token(kind: tok, line: line))
                pos = end
                continue
            }
            if c == "_" || c.properties.isXIDStart {
                var j = pos + 1
                while j < s.count, s[j] == "_" || s[j].properties.isXIDContinue { j += 1 }
                var v = String.UnicodeScalarView()
                v.append(contentsOf: s[pos..<j])
                tokens.append(Token(kind: .name(String(v)), line: line))
                pos = j
                continue
            }
            if c == "'" || c == "\"" {
                let tokLine = line
                let str = try lexString(quote: c)
                tokens.append(Token(kind: .string(str), line: tokLine))
                continue
            }
            if pos + 1 < s.count {
                let two = String(String.UnicodeScalarView([c, s[pos + 1]]))
                if Lexer.operators2.contains(two) {
                    tokens.append(Token(kind: .op(two), line: line))
                    pos += 2
                    continue
                }
            }
            if Lexer.operators1.contains(c) {
                switch c {
                case "(": balance.append(")")
                case "[": balance.append("]")
                case "{": balance.append("}")
                case ")", "]", "}":
                    guard let expected = balance.popLast() else {
                        throw TemplateError(.syntax, "unexpected '\(c)'", templateName: templateName, line: line)
                    }
                    if expected != c {
                        throw TemplateError(
                            .syntax, "unexpected '\(c)', expected '\(expected)'", templateName: templateName, line: line)
                    }
                default: break
                }
                tokens.append(Token(kind: .op(String(Character(c))), line: line))
                pos += 1
                continue
            }
            throw TemplateError(.syntax, "unexpected char '\(Character(c))' at \(pos)", templateName: templateName, line: line)
        }
    }

    /// `\N{NAME}`: a scan of the Unicode tables (only at load time, and only when a template uses it).
    static func scalar(named name: String) -> Unicode.Scalar? {
        let wanted = name.uppercased()
        for v in UInt32(0x20)...UInt32(0x10FFFF) {
            guard let u = Unicode.Scalar(v) else { continue }
            if u.properties.name == wanted || u.properties.nameAlias == wanted { return u }
        }
        return nil
    }

    private func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }

    /// Integers (`1_000`, `0x1F`, `0o7`, `0b1`) and floats (`1.5`, `1e3`, `1.5e-3`), as jinja2's regexes read them.
    private func lexNumber(_ p: Int) -> (Token.Kind, Int)? {
        guard p < s.count, isDigit(s[p]) else { return nil }
        // jinja2's float regex has a (?<!\.) lookbehind: "x.1.2" reads as attribute access.
        func digits(_ start: Int) -> Int? {
            // (\d+_)*\d+
            var i = start
            guard i < s.count, isDigit(s[i]) else { return nil }
            var lastGood = start
            while i < s.count {
                if isDigit(s[i]) {
                    i += 1
                    lastGood = i
                } else if s[i] == "_", i + 1 < s.count, isDigit(s[i + 1]) {
                    i += 1
                } else {
                    break
                }
            }
            return lastGood
        }
        let precededByDot = p > 0 && s[p - 1] == "."
        if !precededByDot, let intEnd = digits(p) {
            var end = intEnd
            var isFloat = false
            if end < s.count, s[end] == ".", let fracEnd = digits(end + 1) {
                end = fracEnd
                isFloat = true
            }
            if end < s.count, s[end] == "e" || s[end] == "E" {
                var k = end + 1
                if k < s.count, s[k] == "+" || s[k] == "-" { k += 1 }
                if let expEnd = digits(k) {
                    end = expEnd
                    isFloat = true
                }
            }
            if isFloat {
                var text = String.UnicodeScalarView()
                text.append(contentsOf: s[p..<end].filter { $0 != "_" })
                return (.float(Double(String(text)) ?? .nan), end)
            }
        }
        // Integers.
        if s[p] == "0", p + 1 < s.count {
            let n = s[p + 1]
            var radix = 0
            switch n {
            case "x", "X": radix = 16
            case "o", "O": radix = 8
            case "b", "B": radix = 2
            default: break
            }
            if radix != 0 {
                var i = p + 2
                var text = ""
                while i < s.count {
                    let c = s[i]
                    if c == "_", i + 1 < s.count, Int(String(Character(s[i + 1])), radix: radix) != nil {
                        i += 1
                        continue
                    }
                    if Int(String(Character(c)), radix: radix) != nil {
                        text.unicodeScalars.append(c)
                        i += 1
                    } else {
                        break
                    }
                }
                if !text.isEmpty, let v = Int(text, radix: radix) { return (.integer(v), i) }
                if !text.isEmpty {
                    var big = BigInt(0)
                    for c in text { big = big.mulSmall(UInt32(radix)).addSmall(UInt32(c.hexDigitValue ?? 0)) }
                    return (.bigInteger(big.description), i)
                }
            }
        }
        var end: Int
        if s[p] == "0" {
            // jinja2: `0(_?0)*`; "007" lexes as 00 then 7 (a syntax error later), as in Python 3.
            end = p + 1
            while end < s.count {
                if s[end] == "0" {
                    end += 1
                } else if s[end] == "_", end + 1 < s.count, s[end + 1] == "0" {
                    end += 2
                } else {
                    break
                }
            }
        } else {
            guard let e = digits(p) else { return nil }
            end = e
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: s[p..<end].filter { $0 != "_" })
        if let v = Int(String(text)) { return (.integer(v), end) }
        return (.bigInteger(String(text)), end)
    }

    /// A quoted string with Python's escapes (`\n`, `\t`, `\xhh`, `\uXXXX`, octal); unknown escapes keep the backslash.
    private mutating func lexString(quote: Unicode.Scalar) throws -> String {
        let startLine = line
        var i = pos + 1
        var out = String.UnicodeScalarView()
        while i < s.count {
            let c = s[i]
            if c == quote {
                pos = i + 1
                return String(out)
            }
            if c == "\n" { line += 1 }
            if c == "\\", i + 1 < s.count {
                let e = s[i + 1]
                i += 2
                switch e {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "\\": out.append("\\")
                case "'": out.append("'")
                case "\"": out.append("\"")
                case "a": out.append("\u{07}")
                case "b": out.append("\u{08}")
                case "f": out.append("\u{0C}")
                case "v": out.append("\u{0B}")
                case "\n":
                    line += 1
                case "N" where i < s.count && s[i] == "{":
                    var j = i + 1
                    var name = ""
                    while j < s.count, s[j] != "}" {
                        name.unicodeScalars.append(s[j])
                        j += 1
                    }
                    guard j < s.count, let u = Lexer.scalar(named: name) else {
                        throw TemplateError(.syntax, "unknown Unicode character name", templateName: templateName, line: line)
                    }
                    out.append(u)
                    i = j + 1
                case "x", "u", "U":
                    let n = e == "x" ? 2 : (e == "u" ? 4 : 8)
                    var hex = ""
                    var k = 0
                    while k < n, i + k < s.count, s[i + k].properties.isASCIIHexDigit {
                        hex.unicodeScalars.append(s[i + k])
                        k += 1
                    }
                    guard k == n, let v = UInt32(hex, radix: 16), let u = Unicode.Scalar(v) else {
                        throw TemplateError(
                            .syntax, "truncated \\\(Character(e)) escape in string", templateName: templateName,
                            line: line)
                    }
                    out.append(u)
                    i += n
                case "0"..."7":
                    var v = e.value - 48
                    var k = 0
                    while k < 2, i < s.count, s[i].value >= 48, s[i].value <= 55 {
                        v = v * 8 + s[i].value - 48
                        i += 1
                        k += 1
                    }
                    out.append(Unicode.Scalar(v) ?? "?")
                default:
                    out.append("\\")
                    out.append(e)
                }
                continue
            }
            out.append(c)
            i += 1
        }
        throw TemplateError(.syntax, "unexpected end of string", templateName: templateName, line: startLine)
    }
}
