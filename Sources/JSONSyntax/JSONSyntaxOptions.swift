/// Where JSON readers differ: whether Python's non-finite numbers are accepted, and how deep containers may nest.
public struct JSONSyntaxOptions: Sendable, Equatable {
    /// Accepts Python's `NaN`, `Infinity` and `-Infinity` literals and numbers beyond `Double`'s range (read as
    /// infinity), as `json.loads` does. When false, they are errors: the literals are not values, and an
    /// out-of-range number is `JSONSyntaxError.Kind.numberOutOfRange`.
    public var allowsNonFiniteNumbers: Bool
    /// The most containers (objects and arrays) that may enclose each other; one more is an error.
    public var maximumDepth: Int

    /// Options with every field given; `maximumDepth` is 512 unless said otherwise.
    public init(allowsNonFiniteNumbers: Bool, maximumDepth: Int = 512) {
        self.allowsNonFiniteNumbers = allowsNonFiniteNumbers
        self.maximumDepth = maximumDepth
    }

    /// What Python's `json.loads` accepts (within the depth limit).
    public static let python = JSONSyntaxOptions(allowsNonFiniteNumbers: true)
    /// RFC 8259: finite numbers only.
    public static let strict = JSONSyntaxOptions(allowsNonFiniteNumbers: false)
}
