/// How scoring callers authenticate (COMPAT §D): a long-lived `key`, or a signed expiring `aml_token`.
/// `token` is accepted as Flowgate's short name for `aml_token`.
public enum AuthMode: String, Sendable, Hashable, Codable, CaseIterable {
    case key
    case amlToken = "aml_token"

    /// Parses Azure's spellings (`key`, `aml_token`, `AMLToken`, `Key`) and Flowgate's `token`.
    public init?(parsing text: String) {
        switch text.lowercased().replacingOccurrences(of: "_", with: "") {
        case "key": self = .key
        case "amltoken", "token": self = .amlToken
        default: return nil
        }
    }
}
