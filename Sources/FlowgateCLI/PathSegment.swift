import Foundation

/// Escapes a name for one path segment of a URL, so a name from the command line cannot add segments or a query.
enum PathSegment {
    static func escape(_ name: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name
    }
}
