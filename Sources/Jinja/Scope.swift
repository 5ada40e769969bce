import Foundation

/// One level of variables: the render context, a loop iteration, a macro call, a `with` block.
/// Lookups walk outward; assignments land in the innermost scope, so a `set` in a loop does not leak.
/// Inner scopes hold a handful of names, so they are small arrays scanned linearly (no hashing).
final class Scope: @unchecked Sendable {
    @exclusivity(unchecked) private var names: [String] = []
    @exclusivity(unchecked) private var values: [JinjaValue] = []
    /// The render context: possibly many names, hashed.
    @exclusivity(unchecked) private var table: [String: JinjaValue]?
    /// Set again when a loop scope is reused (`Runtime.takeScope`).
    @exclusivity(unchecked) var parent: Scope?
    /// On a template's root scope: names the template assigns at its top level. jinja2 makes nested
    /// blocks (loops, macros, filter/with blocks) see such a name as undefined until the assignment
    /// has run, instead of the context's value; top-level statements still see the context's.
    @exclusivity(unchecked) var rootStored: Set<String>? = nil

    init(parent: Scope?) {
        self.parent = parent
    }

    init(parent: Scope?, context: [String: JinjaValue]) {
        self.parent = parent
        self.table = context
    }

    subscript(name: String) -> JinjaValue? {
        @inline(__always) get {
            if let table { return table[name] }
            for i in 0..<names.count where names[i] == name { return values[i] }
            return nil
        }
        set {
            if table != nil {
                table![name] = newValue
                return
            }
            for i in 0..<names.count where names[i] == name {
                if let newValue {
                    values[i] = newValue
                } else {
                    names.remove(at: i)
                    values.remove(at: i)
                }
                return
            }
            if let newValue {
                names.append(name)
                values.append(newValue)
            }
        }
    }

    /// Makes `name` the only variable (a loop's next item), reusing the slot when it is already the only one.
    func reset(to name: String, _ value: JinjaValue) {
        if table == nil && names.count == 1 && names[0] == name {
            values[0] = value
            return
        }
        removeAll()
        names.append(name)
        values.append(value)
    }

    /// Makes `n0` and `n1` the only variables (a loop's `loop` and item), reusing the slots when they are.
    func reset(to n0: String, _ v0: JinjaValue, _ n1: String, _ v1: JinjaValue) {
        if table == nil && names.count == 2 && names[0] == n0 && names[1] == n1 {
            values[0] = v0
            values[1] = v1
            return
        }
        removeAll()
        names.append(n0)
        values.append(v0)
        names.append(n1)
        values.append(v1)
    }

    /// Forgets every variable, keeping storage (a loop reuses its scope between iterations).
    func removeAll() {
        if table != nil { table = [:] }
        names.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
    }

    var allVariables: [(String, JinjaValue)] {
        if let table { return table.map { ($0.key, $0.value) } }
        return Array(zip(names, values))
    }

    @inline(__always)
    func lookup(_ name: String) -> JinjaValue? {
        // Each scope keeps its parent alive, so the walk needs no references of its own.
        unowned(unsafe) var cur: Scope = self
        while true {
            if let v = cur[name] { return v }
            if cur !== self, let stored = cur.rootStored, stored.contains(name) { return .undefined(name: name) }
            guard let p = cur.parent else { return nil }
            cur = p
        }
    }

    /// The scope that holds `name`, if any.
    func owner(of name: String) -> Scope? {
        var s: Scope? = self
        while let cur = s {
            if cur[name] != nil { return cur }
            s = cur.parent
        }
        return nil
    }
}
