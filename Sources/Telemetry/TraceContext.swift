import Foundation

/// W3C Trace Context for one request: the trace it belongs to, the caller's span (when continued),
/// `tracestate` kept verbatim, and `baggage` entries decoded.
public struct TraceContext: Sendable, Equatable {
    public var traceID: String
    /// The caller's span id from `traceparent`; nil when this request starts a new trace.
    public var parentSpanID: String?
    public var traceFlags: String
    public var traceState: String?
    public var baggage: [BaggageEntry]

    /// One `baggage` member, percent-decoded (properties after `;` dropped).
    public struct BaggageEntry: Sendable, Equatable {
        public var key: String
        public var value: String
    }

    /// Continues a valid `traceparent` (version 00, or a higher version read as 00; non-zero ids, lowercase hex);
    /// anything else starts a new trace, in which case `tracestate` is dropped as the specification says.
    public init(traceparent: String?, tracestate: String?, baggage: String?) {
        self.baggage = TraceContext.parseBaggage(baggage)
        if let parent = traceparent.flatMap(TraceContext.parseTraceparent) {
            self.traceID = parent.traceID
            self.parentSpanID = parent.spanID
            self.traceFlags = parent.flags
            let state = tracestate?.trimmingCharacters(in: .whitespaces)
            self.traceState = (state?.isEmpty ?? true) ? nil : state
        } else {
            self.traceID = TraceContext.newTraceID()
            self.parentSpanID = nil
            self.traceFlags = "01"
            self.traceState = nil
        }
    }

    /// The `traceparent` a downstream call would carry for `spanID` in this trace.
    public func traceparent(spanID: String) -> String {
        "00-\(traceID)-\(spanID)-\(traceFlags)"
    }

    static func parseTraceparent(_ header: String) -> (traceID: String, spanID: String, flags: String)? {
        let value = header.trimmingCharacters(in: .whitespaces)
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4 else { return nil }
        let version = parts[0]
        let traceID = parts[1]
        let spanID = parts[2]
        let flags = parts[3]
        guard version.count == 2, isLowerHex(version), version != "ff" else { return nil }
        // Version 00 has exactly four fields; a future version may append more after a dash.
        if version == "00" && parts.count != 4 { return nil }
        guard traceID.count == 32, isLowerHex(traceID), traceID.contains(where: { $0 != "0" }) else { return nil }
        guard spanID.count == 16, isLowerHex(spanID), spanID.contains(where: { $0 != "0" }) else { return nil }
        guard flags.count == 2, isLowerHex(flags) else { return nil }
        return (String(traceID), String(spanID), String(flags))
    }

    static func parseBaggage(_ header: String?) -> [BaggageEntry] {
        guard let header else { return [] }
        var entries: [BaggageEntry] = []
        for member in header.split(separator: ",") {
            let keyValue = member.split(separator: ";", maxSplits: 1)[0]
            guard let equals = keyValue.firstIndex(of: "=") else { continue }
            let key = keyValue[..<equals].trimmingCharacters(in: .whitespaces)
            let value = keyValue[keyValue.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { continue }
            entries.append(
                BaggageEntry(key: key.removingPercentEncoding ?? key, value: value.removingPercentEncoding ?? value))
        }
        return entries
    }

    private static func isLowerHex(_ text: Substring) -> Bool {
        text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// 16 random bytes as 32 lowercase hex digits (never all zero), from the kernel's secure generator.
    public static func newTraceID() -> String {
        let (high, low) = RandomIDs.traceID()
        return hex(high) + hex(low)
    }

    /// 8 random bytes as 16 lowercase hex digits (never all zero).
    public static func newSpanID() -> String {
        hex(RandomIDs.spanID())
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
