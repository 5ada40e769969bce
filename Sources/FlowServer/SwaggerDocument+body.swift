import FlowSpec

extension SwaggerDocument {
    /// The document as `pf flow serve` sends it (Flask's `jsonify`: keys sorted by code point at every level, no
    /// spaces, non-ASCII as `\uXXXX`, a trailing newline) — FlowValue's `.flask` style, as every served body.
    public static func body(_ document: FlowValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(2048)
        document.writeJSON(.flask, into: &out)
        return out
    }
}
