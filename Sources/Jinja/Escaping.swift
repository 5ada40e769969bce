import Foundation

/// markupsafe's HTML escaping: `& < > " '` become `&amp; &lt; &gt; &#34; &#39;`.
enum Escaping {
    static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == 39 }) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&#34;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// `escape(value)` as markupsafe does it: Markup passes through, everything else is str()'d and escaped.
    static func escapeValue(_ v: JinjaValue) -> JinjaValue {
        switch v {
        case .markup: return v
        default: return .markup(escape(PythonFormat.str(v)))
        }
    }

    /// Arguments of `Markup % args` are escaped before formatting.
    static func escapeArguments(_ v: JinjaValue) -> JinjaValue {
        switch v {
        case .string(let s): return .markup(escape(s))
        case .tuple(let a): return .tuple(a.map(escapeArguments))
        case .dict(let d):
            var out = JinjaDict()
            for (k, x) in d.items { out[k] = escapeArguments(x) }
            return .dict(out)
        default: return v
        }
    }
}
