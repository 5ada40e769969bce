/// An ordered string-to-string map: a connection's configs or secrets, in the order they were written.
/// Setting a key that exists keeps its position; setting `nil` removes it.
public struct ConnectionValues: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// The keys in insertion order.
    public private(set) var keys: [String] = []
    private var storage: [String: String] = [:]

    /// An empty map.
    public init() {}

    /// A map from pairs; a repeated key keeps its first position and its last value.
    public init<S: Sequence>(_ pairs: S) where S.Element == (String, String) {
        for (key, value) in pairs { self[key] = value }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The number of entries.
    public var count: Int { keys.count }

    /// Whether the map has no entries.
    public var isEmpty: Bool { keys.isEmpty }

    /// The value for a key; setting `nil` removes the key.
    public subscript(key: String) -> String? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// The same keys with every value replaced, for showing secrets without their values.
    public func masked(with mask: String = Connection.maskedValue) -> ConnectionValues {
        ConnectionValues(keys.map { ($0, mask) })
    }

    public func makeIterator() -> AnyIterator<(key: String, value: String)> {
        var index = 0
        let keys = keys
        let storage = storage
        return AnyIterator {
            guard index < keys.count else { return nil }
            defer { index += 1 }
            return (keys[index], storage[keys[index]] ?? "")
        }
    }

    public static func == (lhs: ConnectionValues, rhs: ConnectionValues) -> Bool {
        lhs.storage == rhs.storage
    }

    public func hash(into hasher: inout Hasher) {
        storage.hash(into: &hasher)
    }
}
