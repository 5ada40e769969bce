import Foundation

/// A parsed expression. Filters and tests are resolved to their implementations at parse time,
/// so rendering never looks a name up in a table.
indirect enum Expr: Sendable {
    case literal(JinjaValue)
    case name(String)
    case list([Expr])
    case tuple([Expr])
    case dict([(Expr, Expr)])
    case getAttr(Expr, AttributeName)
    case getItem(Expr, Expr)
    case slice(Expr, Expr?, Expr?, Expr?)
    case call(Expr, CallArgs, line: Int)
    case filter(Expr, FilterCall)
    case test(Expr, TestCall)
    case neg(Expr)
    case pos(Expr)
    case not(Expr)
    case binary(BinaryOp, Expr, Expr)
    case and(Expr, Expr)
    case or(Expr, Expr)
    case compare(Expr, [(CompareOp, Expr)])
    case concat([Expr])
    case conditional(test: Expr, then: Expr, otherwise: Expr?)
}

/// An attribute name with what parse time can tell about it (dict methods shadow dict keys).
struct AttributeName: Sendable {
    let name: String
    let isDictMethod: Bool
    init(_ name: String) {
        self.name = name
        self.isDictMethod = Methods.isDictMethod(name)
    }
}

enum BinaryOp: String, Sendable {
    case add = "+", sub = "-", mul = "*", div = "/", floorDiv = "//", mod = "%", pow = "**"
}

enum CompareOp: String, Sendable {
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">=", `in` = "in", notIn = "not in"
}

/// Arguments of a call, filter or test: positional, keyword, and `*args` / `**kwargs` spreads.
struct CallArgs: Sendable {
    var positional: [Expr] = []
    var keywords: [(String, Expr)] = []
    var starArgs: Expr? = nil
    var starKwargs: Expr? = nil
}

struct FilterCall: Sendable {
    let name: String
    let function: FilterFunction
    let args: CallArgs
    let line: Int
}

struct TestCall: Sendable {
    let name: String
    let function: TestFunction
    let args: CallArgs
    let negated: Bool
    let line: Int
}

/// The left side of an assignment or a loop variable.
indirect enum AssignTarget: Sendable {
    case name(String)
    case tuple([AssignTarget])
    /// `ns.attr` (only namespace objects accept it).
    case attribute(String, String)
}

/// A macro definition (also used for the anonymous `caller` of a `{% call %}` block).
final class MacroDefinition: Sendable {
    let name: String
    let parameters: [(String, Expr?)]
    let body: [Node]
    let usesCaller: Bool
    let usesVarargs: Bool
    let usesKwargs: Bool
    let line: Int
    /// Whether the macro was defined inside an `{% autoescape true %}` block.
    let autoescape: Bool
    let compiledBody: NodeFunction

    init(name: String, parameters: [(String, Expr?)], body: [Node], line: Int, autoescape: Bool = false) {
        self.autoescape = autoescape
        self.name = name
        self.parameters = parameters
        self.body = body
        self.line = line
        var names = Set<String>()
        for n in body { n.collectNames(into: &names) }
        for (_, d) in parameters { d?.collectNames(into: &names) }
        compiledBody = Compiler.block(body)
        usesCaller = names.contains("caller")
        usesVarargs = names.contains("varargs")
        usesKwargs = names.contains("kwargs")
    }
}

/// A template statement.
indirect enum Node: Sendable {
    case text(String)
    case output(Expr, line: Int)
    case ifChain([(Expr, [Node])], otherwise: [Node]?, line: Int)
    case forLoop(ForLoop)
    case set(AssignTarget, Expr, line: Int)
    case setBlock(AssignTarget, filters: [FilterCall], body: [Node], line: Int)
    case macro(MacroDefinition)
    case callBlock(Expr, caller: MacroDefinition, line: Int)
    case filterBlock([FilterCall], body: [Node], line: Int)
    case with([(AssignTarget, Expr)], body: [Node], line: Int)
    case include(Expr, ignoreMissing: Bool, withContext: Bool, line: Int)
    case importAs(Expr, alias: String, withContext: Bool, line: Int)
    case fromImport(Expr, names: [(String, String)], withContext: Bool, line: Int)
    /// `{% autoescape true %}`: outputs in the body are HTML-escaped unless they are Markup.
    case autoescape(Bool, body: [Node], line: Int)
}

final class ForLoop: Sendable {
    let target: AssignTarget
    let iterable: Expr
    let condition: Expr?
    let body: [Node]
    let otherwise: [Node]?
    let recursive: Bool
    let usesLoop: Bool
    let line: Int

    init(
        target: AssignTarget, iterable: Expr, condition: Expr?, body: [Node], otherwise: [Node]?, recursive: Bool,
        line: Int
    ) {
        self.target = target
        self.iterable = iterable
        self.condition = condition
        self.body = body
        self.otherwise = otherwise
        self.recursive = recursive
        self.line = line
        var names = Set<String>()
        for n in body { n.collectNames(into: &names) }
        usesLoop = names.contains("loop") || recursive
        bodyCapturesScope = recursive || body.contains { $0.capturesScope }
        compiledBody = Compiler.block(body)
        compiledIterable = Compiler.expr(iterable)
        compiledCondition = condition.map { Compiler.expr($0) }
        compiledOtherwise = otherwise.map { Compiler.block($0) }
    }

    let compiledBody: NodeFunction
    let compiledIterable: ExprFunction
    let compiledCondition: ExprFunction?
    let compiledOtherwise: NodeFunction?

    /// Whether something in the body (a macro, a call block) keeps a reference to the iteration's scope.
    let bodyCapturesScope: Bool
}

extension Expr {
    /// Every variable name read anywhere in the expression.
    func collectNames(into names: inout Set<String>) {
        switch self {
        case .literal: break
        case .name(let n): names.insert(n)
        case .list(let xs), .tuple(let xs), .concat(let xs): for x in xs { x.collectNames(into: &names) }
        case .dict(let kvs):
            for (k, v) in kvs {
                k.collectNames(into: &names)
                v.collectNames(into: &names)
            }
        case .getAttr(let e, _), .neg(let e), .pos(let e), .not(let e): e.collectNames(into: &names)
        case .getItem(let a, let b), .binary(_, let a, let b), .and(let a, let b), .or(let a, let b):
            a.collectNames(into: &names)
            b.collectNames(into: &names)
        case .slice(let a, let b, let c, let d):
            a.collectNames(into: &names)
            b?.collectNames(into: &names)
            c?.collectNames(into: &names)
            d?.collectNames(into: &names)
        case .call(let f, let args, _):
            f.collectNames(into: &names)
            args.collectNames(into: &names)
        case .filter(let e, let f):
            e.collectNames(into: &names)
            f.args.collectNames(into: &names)
        case .test(let e, let t):
            e.collectNames(into: &names)
            t.args.collectNames(into: &names)
        case .compare(let e, let ops):
            e.collectNames(into: &names)
            for (_, o) in ops { o.collectNames(into: &names) }
        case .conditional(let t, let a, let b):
            t.collectNames(into: &names)
            a.collectNames(into: &names)
            b?.collectNames(into: &names)
        }
    }
}

extension CallArgs {
    func collectNames(into names: inout Set<String>) {
        for p in positional { p.collectNames(into: &names) }
        for (_, k) in keywords { k.collectNames(into: &names) }
        starArgs?.collectNames(into: &names)
        starKwargs?.collectNames(into: &names)
    }
}

extension Node {
    /// Names whose first use in the template's root frame (top-level statements and `if` bodies, not
    /// loop/macro/block bodies) is a direct top-level assignment. jinja2 binds such a name to "missing"
    /// when the template starts, so nested blocks see it as undefined until the assignment runs;
    /// a name first read at the root (or assigned only inside an `if`) is resolved from the context instead.
    static func rootShadowedNames(_ nodes: [Node]) -> Set<String> {
        var firstIsStore: [String: Bool] = [:]
        func load(_ e: Expr?) {
            guard let e else { return }
            var names = Set<String>()
            e.collectNames(into: &names)
            for n in names where firstIsStore[n] == nil { firstIsStore[n] = false }
        }
        func loadArgs(_ a: CallArgs) {
            for p in a.positional { load(p) }
            for (_, k) in a.keywords { load(k) }
            load(a.starArgs)
            load(a.starKwargs)
        }
        func store(_ n: String, inIf: Bool) {
            if firstIsStore[n] == nil { firstIsStore[n] = !inIf }
        }
        func storeTarget(_ t: AssignTarget, inIf: Bool) {
            switch t {
            case .name(let n): store(n, inIf: inIf)
            case .tuple(let ts): for x in ts { storeTarget(x, inIf: inIf) }
            case .attribute(let n, _): load(.name(n))
            }
        }
        func scan(_ nodes: [Node], inIf: Bool) {
            for node in nodes {
                switch node {
                case .text: break
                case .output(let e, _): load(e)
                case .set(let t, let e, _):
                    load(e)
                    storeTarget(t, inIf: inIf)
                case .setBlock(let t, let filters, _, _):
                    for f in filters { loadArgs(f.args) }
                    storeTarget(t, inIf: inIf)
                case .ifChain(let branches, let otherwise, _):
                    for (c, body) in branches {
                        load(c)
                        scan(body, inIf: true)
                    }
                    if let otherwise { scan(otherwise, inIf: true) }
                case .forLoop(let f): load(f.iterable)
                case .macro(let m): store(m.name, inIf: inIf)
                case .callBlock(let call, _, _): load(call)
                case .filterBlock(let filters, _, _): for f in filters { loadArgs(f.args) }
                case .with(let pairs, _, _): for (_, e) in pairs { load(e) }
                case .include(let e, _, _, _): load(e)
                case .importAs(let e, let alias, _, _):
                    load(e)
                    store(alias, inIf: inIf)
                case .fromImport(let e, let pairs, _, _):
                    load(e)
                    for (_, alias) in pairs { store(alias, inIf: inIf) }
                case .autoescape(_, let body, _): scan(body, inIf: inIf)
                }
            }
        }
        scan(nodes, inIf: false)
        return Set(firstIsStore.filter { $0.value }.keys)
    }

    /// Whether the statement (or one nested in it) creates a closure over the current scope.
    var capturesScope: Bool {
        switch self {
        case .macro, .callBlock: return true
        case .ifChain(let branches, let otherwise, _):
            return branches.contains { $0.1.contains { $0.capturesScope } } || (otherwise?.contains { $0.capturesScope } ?? false)
        case .forLoop(let f): return f.bodyCapturesScope || (f.otherwise?.contains { $0.capturesScope } ?? false)
        case .setBlock(_, _, let body, _), .filterBlock(_, let body, _), .with(_, let body, _),
            .autoescape(_, let body, _):
            return body.contains { $0.capturesScope }
        case .include, .importAs, .fromImport: return true
        default: return false
        }
    }

    func collectNames(into names: inout Set<String>) {
        switch self {
        case .text: break
        case .output(let e, _): e.collectNames(into: &names)
        case .ifChain(let branches, let otherwise, _):
            for (c, body) in branches {
                c.collectNames(into: &names)
                for n in body { n.collectNames(into: &names) }
            }
            for n in otherwise ?? [] { n.collectNames(into: &names) }
        case .forLoop(let f):
            // A nested loop's own `loop` is its own; only its iterable can see the outer one.
            f.iterable.collectNames(into: &names)
            var inner = Set<String>()
            f.condition?.collectNames(into: &inner)
            for n in f.body { n.collectNames(into: &inner) }
            inner.remove("loop")
            names.formUnion(inner)
            for n in f.otherwise ?? [] { n.collectNames(into: &names) }
        case .set(_, let e, _): e.collectNames(into: &names)
        case .setBlock(_, let filters, let body, _), .filterBlock(let filters, let body, _):
            for f in filters { f.args.collectNames(into: &names) }
            for n in body { n.collectNames(into: &names) }
        case .macro(let m):
            for n in m.body { n.collectNames(into: &names) }
        case .callBlock(let e, let caller, _):
            e.collectNames(into: &names)
            for n in caller.body { n.collectNames(into: &names) }
        case .with(let pairs, let body, _):
            for (_, e) in pairs { e.collectNames(into: &names) }
            for n in body { n.collectNames(into: &names) }
        case .include(let e, _, _, _), .importAs(let e, _, _, _), .fromImport(let e, _, _, _):
            e.collectNames(into: &names)
        case .autoescape(_, let body, _):
            for n in body { n.collectNames(into: &names) }
        }
    }
}
