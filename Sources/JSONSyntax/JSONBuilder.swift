/// The constructors of the value type that `JSONScanner` builds while it reads JSON text.
///
/// The scanner only checks the syntax; a builder decides what the values are. Conformers are usually caseless
/// enums inside the module that owns the value type, so the generic scanner is specialized there.
public protocol JSONBuilder {
    /// The value a document, member or element becomes.
    associatedtype Value
    /// An object while its members are read, in document order.
    associatedtype PartialObject

    /// A string, escapes decoded.
    static func string(_ text: String) -> Value
    /// An integer literal that fits in `Int`.
    static func int(_ value: Int) -> Value
    /// A literal with a fraction or an exponent, an integer too large for `Int` that `bigInteger` declined,
    /// or, when the options allow them, `NaN`, `Infinity` and `-Infinity`.
    static func double(_ value: Double) -> Value
    /// An integer literal too large for `Int` (its digits, with a leading `-` when negative), or nil to read it
    /// as the nearest `Double`, which is what the default does.
    static func bigInteger(_ digits: String) -> Value?
    /// `true` or `false`.
    static func bool(_ value: Bool) -> Value
    /// `null`.
    static func null() -> Value
    /// An array's elements in order.
    static func list(_ elements: [Value]) -> Value
    /// An empty object, before its first member.
    static func makeObject() -> PartialObject
    /// Adds a member as it is read; what a repeated key does is the builder's rule (Python's `json.loads` keeps
    /// the key's first position and its last value).
    static func insert(_ value: Value, forKey key: String, into object: inout PartialObject)
    /// The finished object.
    static func object(_ object: PartialObject) -> Value
}

extension JSONBuilder {
    /// Integers beyond `Int` become the nearest `Double`.
    @inlinable
    public static func bigInteger(_ digits: String) -> Value? { nil }
}
