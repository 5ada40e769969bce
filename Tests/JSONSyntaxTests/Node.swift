import JSONSyntax

/// A JSON value as the scanner handed it over: objects keep every member in document order (repeated keys too),
/// so the tests see exactly what a builder receives.
indirect enum Node: Equatable, CustomStringConvertible {
    case string(String)
    case int(Int)
    case double(Double)
    case big(String)
    case bool(Bool)
    case null
    case list([Node])
    case object([Member])

    /// One object member.
    struct Member: Equatable {
        var key: String
        var value: Node
    }

    /// Doubles compare by their text so that `NaN` equals `NaN`.
    static func == (lhs: Node, rhs: Node) -> Bool { lhs.description == rhs.description }

    var description: String {
        switch self {
        case .string(let text): "s\(text.debugDescription)"
        case .int(let value): "i\(value)"
        case .double(let value): "d\(value)"
        case .big(let digits): "b\(digits)"
        case .bool(let value): "\(value)"
        case .null: "null"
        case .list(let elements): "[\(elements.map(\.description).joined(separator: ","))]"
        case .object(let members):
            "{\(members.map { "\($0.key.debugDescription):\($0.value)" }.joined(separator: ","))}"
        }
    }

    /// Reads `text` with `builder` (integers beyond `Int` as doubles unless the builder keeps them).
    static func parse<B: JSONBuilder>(
        _ text: String, options: JSONSyntaxOptions = .python, builder: B.Type = NodeBuilder.self
    ) throws(JSONSyntaxError) -> Node where B.Value == Node {
        try JSONScanner<B>.parse(text, options: options)
    }

    /// The error reading `text` gives, or nil when it reads.
    static func error(_ text: String, options: JSONSyntaxOptions = .python) -> JSONSyntaxError? {
        do throws(JSONSyntaxError) {
            _ = try parse(text, options: options)
            return nil
        } catch {
            return error
        }
    }
}

/// The constructors both test builders share.
protocol NodeBuilding: JSONBuilder where Value == Node, PartialObject == [Node.Member] {}

extension NodeBuilding {
    static func string(_ text: String) -> Node { .string(text) }
    static func int(_ value: Int) -> Node { .int(value) }
    static func double(_ value: Double) -> Node { .double(value) }
    static func bool(_ value: Bool) -> Node { .bool(value) }
    static func null() -> Node { .null }
    static func list(_ elements: [Node]) -> Node { .list(elements) }
    static func makeObject() -> [Node.Member] { [] }
    static func insert(_ value: Node, forKey key: String, into object: inout [Node.Member]) {
        object.append(Node.Member(key: key, value: value))
    }
    static func object(_ object: [Node.Member]) -> Node { .object(object) }
}

/// Builds `Node`s with the protocol's default for big integers (the nearest `Double`).
enum NodeBuilder: NodeBuilding {}

/// Builds `Node`s keeping integers beyond `Int` as their digits, as a big-integer type would.
enum BigIntegerNodeBuilder: NodeBuilding {
    static func bigInteger(_ digits: String) -> Node? { .big(digits) }
}
