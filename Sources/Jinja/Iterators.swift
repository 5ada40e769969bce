import Foundation

/// A Python iterator from a filter (`map`, `select`, `batch`, `unique`, `reverse`, ...): lazy, single-use,
/// always truthy, without `len()`, and printed only by address (which this engine refuses to invent).
final class IteratorValue: NativeObject, @unchecked Sendable {
    let kind: String
    private var producer: (() throws -> [JinjaValue])?
    /// Applied item by item as the iterator advances (`map`, `select`); nil drops the item.
    private let step: ((JinjaValue) throws -> JinjaValue?)?
    private var buffer: [JinjaValue] = []
    private var position = 0

    init(
        kind: String = "generator", producer: @escaping () throws -> [JinjaValue],
        step: ((JinjaValue) throws -> JinjaValue?)? = nil
    ) {
        self.kind = kind
        self.producer = producer
        self.step = step
    }

    static func make(_ kind: String = "generator", _ producer: @escaping () throws -> [JinjaValue]) -> JinjaValue {
        .object(JinjaObject(typeName: kind, native: IteratorValue(kind: kind, producer: producer)))
    }

    static func make(
        source: @escaping () throws -> [JinjaValue], step: @escaping (JinjaValue) throws -> JinjaValue?
    ) -> JinjaValue {
        .object(JinjaObject(typeName: "generator", native: IteratorValue(producer: source, step: step)))
    }

    private func materialize() throws {
        if let p = producer {
            producer = nil
            buffer = try p()
        }
    }

    /// Everything not consumed yet; the iterator is exhausted afterwards.
    func remaining() throws -> [JinjaValue] {
        try materialize()
        if step == nil {
            defer { position = buffer.count }
            return position == 0 ? buffer : Array(buffer[position...])
        }
        var out: [JinjaValue] = []
        while let x = try next() { out.append(x) }
        return out
    }

    /// `next(iterator)`.
    func next() throws -> JinjaValue? {
        try materialize()
        while position < buffer.count {
            position += 1
            let item = buffer[position - 1]
            guard let step else { return item }
            if let out = try step(item) { return out }
        }
        return nil
    }

    var pythonRepr: String { "<\(kind) object>" }
    func attribute(_ name: String) -> JinjaValue? { nil }
}

/// `dict.items()` / `keys()` / `values()`: sized and iterable, printed as `dict_items([...])`, not subscriptable.
final class DictView: IterableNative, @unchecked Sendable {
    let kind: String
    let items: [JinjaValue]
    init(kind: String, items: [JinjaValue]) {
        self.kind = kind
        self.items = items
    }
    var pythonRepr: String { "\(kind)(\(PythonFormat.repr(.list(items))))" }
    func attribute(_ name: String) -> JinjaValue? { nil }

    static func make(_ kind: String, _ items: [JinjaValue]) -> JinjaValue {
        .object(JinjaObject(typeName: kind, native: DictView(kind: kind, items: items)))
    }
}

extension JinjaValue {
    var iterator: IteratorValue? {
        if case .object(let o) = self { return o.native as? IteratorValue }
        return nil
    }
}
