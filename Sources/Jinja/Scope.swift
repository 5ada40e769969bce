import Foundation

/// One level of variables: the render context, a loop iteration, a macro call, a `with` block.
/// Lookups walk outward; assignments land in the innermost scope, so a `set` in a loop does not leak.
final class Scope: @unchecked Sendable {
    var vars: [String: JinjaValue]
    let parent: Scope?

    init(parent: Scope?, vars: [String: JinjaValue] = [:]) {
        self.parent = parent
        self.vars = vars
    }

    @inline(__always)
    func lookup(_ name: String) -> JinjaValue? {
        var s: Scope? = self
        while let cur = s {
            if let v = cur.vars[name] { return v }
            s = cur.parent
        }
        return nil
    }

    /// The scope that holds `name`, if any.
    func owner(of name: String) -> Scope? {
        var s: Scope? = self
        while let cur = s {
            if cur.vars[name] != nil { return cur }
            s = cur.parent
        }
        return nil
    }
}
