/// An ordered string-keyed mapping of `FlowValue`s, the object case of `FlowValue`.
/// Iteration follows insertion order; `==` ignores order, as JSON objects and Python dicts do.
public struct FlowObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// The keys in insertion order.
    public private(set) var keys: [String] = []
    private var storage: [String: FlowValue] = [:]

    /// An empty object.
    public init() {}

    /// An object from key-value pairs; a repeated key keeps its first position and its last value.
    public init<S: Swift.Sequence>(_ pairs: S) where S.Element == (String, FlowValue) {
        for (key, value) in pairs { self[key] = value }
    }

    public init(dictionaryLiteral elements: (String, FlowValue)...) {
        self.init(elements)
    }

    /// The number of entries.
    public var count: Int { keys.count }

    /// Whether the object has no entries.
    public var isEmpty: Bool { keys.isEmpty }

    /// The value for a key; setting `nil` removes the key.
    public subscript(key: String) -> FlowValue? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// The values in key order.
    public var values: [FlowValue] { keys.map { storage[$0]! } }

    public func makeIterator() -> AnyIterator<(key: String, value: FlowValue)> {
        var index = 0
        return AnyIterator {
            guard index < keys.count else { return nil }
            defer { index += 1 }
            let key = keys[index]
            return (key, storage[key]!)
        }
    }

    public static func == (lhs: FlowObject, rhs: FlowObject) -> Bool {
        lhs.storage == rhs.storage
    }

    public func hash(into hasher: inout Hasher) {
        storage.hash(into: &hasher)
    }
}
