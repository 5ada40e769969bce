import Foundation

/// A compiled expression: evaluates against a scope.
typealias ExprFunction = @Sendable (Runtime, Scope) throws -> JinjaValue
/// A compiled statement: renders into the output buffer.
typealias NodeFunction = @Sendable (Runtime, Scope, inout Output) throws -> Void

/// Turns the hot parts of the tree (text, output, names, attribute chains, filters, if, for) into closures
/// once at load time, so rendering calls straight into them instead of re-inspecting enum payloads.
/// Everything else falls back to the tree-walking `Runtime`.
enum Compiler {
    /// A statement list as one closure. Adjacent text merges into one append.
    /// Text is folded into the statement after it (trailing text into the last one): fewer closure calls.
    static func block(_ ns: [Node]) -> NodeFunction {
        var out: [NodeBox] = []
        var pendingText = ""
        for n in ns {
            if case .text(let t) = n {
                pendingText += t
                continue
            }
            let f = node(n)
            if pendingText.isEmpty {
                out.append(NodeBox(f))
            } else {
                let bytes = Array(pendingText.utf8)
                pendingText = ""
                out.append(
                    NodeBox { rt, s, buf in
                        buf.append(bytes: bytes)
                        try f(rt, s, &buf)
                    })
            }
        }
        if !pendingText.isEmpty {
            if let last = out.popLast() {
                let f = last.f
                let bytes = Array(pendingText.utf8)
                out.append(
                    NodeBox { rt, s, buf in
                        try f(rt, s, &buf)
                        buf.append(bytes: bytes)
                    })
            } else {
                out.append(text(pendingText))
            }
        }
        return sequence(out[...])
    }

    /// Template text: its UTF-8 bytes, copied once at load.
    static func text(_ t: String) -> NodeBox {
        let bytes = Array(t.utf8)
        return NodeBox { _, _, buf in buf.append(bytes: bytes) }
    }

    /// A closure in a struct: arrays of bare closures store them reabstracted, so each call out of the array
    /// would go through conversion thunks; a struct field keeps the closure's own calling convention.
    struct NodeBox {
        let f: NodeFunction
        init(_ f: @escaping NodeFunction) { self.f = f }
    }

    /// One closure running `fs` in order. Nested captures are loaded from an immutable closure context, so a
    /// body costs one direct call per node instead of an array walk that retains each closure it calls.
    static func sequence(_ fs: ArraySlice<NodeBox>) -> NodeFunction {
        switch fs.count {
        case 0: return { _, _, _ in }
        case 1: return fs[fs.startIndex].f
        case 2:
            let a = fs[fs.startIndex].f
            let b = fs[fs.startIndex + 1].f
            return { rt, s, out in
                try a(rt, s, &out)
                try b(rt, s, &out)
            }
        case 3:
            let a = fs[fs.startIndex].f
            let b = fs[fs.startIndex + 1].f
            let c = fs[fs.startIndex + 2].f
            return { rt, s, out in
                try a(rt, s, &out)
                try b(rt, s, &out)
                try c(rt, s, &out)
            }
        default:
            let mid = fs.startIndex + fs.count / 2
            let a = sequence(fs[..<mid])
            let b = sequence(fs[mid...])
            return { rt, s, out in
                try a(rt, s, &out)
                try b(rt, s, &out)
            }
        }
    }

    /// One `if`/`elif` branch.
    struct Branch {
        let cond: ExprFunction
        let body: NodeFunction
    }

    static func node(_ n: Node) -> NodeFunction {
        switch n {
        case .text(let t):
            return { _, _, out in out.append(t) }
        case .output(let e, let line):
            let f = expr(e)
            return { rt, s, out in
                do {
                    let v = try f(rt, s)
                    try Runtime.checkPrintable(v)
                    if rt.autoescape {
                        if case .markup(let m) = v {
                            out.append(m)
                        } else {
                            out.append(Escaping.escape(PythonFormat.str(v)))
                        }
                        return
                    }
                    PythonFormat.write(v, into: &out)
                } catch let err as TemplateError {
                    throw err.located(name: rt.templateName, line: line)
                }
            }
        case .ifChain(let branches, let otherwise, let line):
            let compiled = branches.map { Branch(cond: expr($0.0), body: block($0.1)) }
            let elseBody = otherwise.map { block($0) }
            if compiled.count == 1 {
                let cond = compiled[0].cond
                let body = compiled[0].body
                return { rt, s, out in
                    do {
                        if try cond(rt, s).isTruthy {
                            try body(rt, s, &out)
                        } else if let elseBody {
                            try elseBody(rt, s, &out)
                        }
                    } catch let err as TemplateError {
                        throw err.located(name: rt.templateName, line: line)
                    }
                }
            }
            return { rt, s, out in
                do {
                    for b in compiled where try b.cond(rt, s).isTruthy {
                        try b.body(rt, s, &out)
                        return
                    }
                    if let elseBody { try elseBody(rt, s, &out) }
                } catch let err as TemplateError {
                    throw err.located(name: rt.templateName, line: line)
                }
            }
        case .forLoop(let loop):
            return { rt, s, out in
                do {
                    try rt.renderLoop(loop, try loop.compiledIterable(rt, s), s, depth0: 0, &out)
                } catch let err as TemplateError {
                    throw err.located(name: rt.templateName, line: loop.line)
                }
            }
        default:
            return { rt, s, out in try rt.renderStatement(n, s, &out) }
        }
    }

    /// Common filters with constant arguments, specialised at load: the string cases run directly and everything
    /// else (other types, non-ASCII text, error cases) goes to the generic filter with the same arguments.
    static func fastFilter(_ f: FilterCall, _ b: @escaping ExprFunction) -> ExprFunction? {
        let a = f.args
        guard a.keywords.isEmpty, a.starArgs == nil, a.starKwargs == nil else { return nil }
        var constants: [JinjaValue] = []
        for p in a.positional {
            guard case .literal(let v) = p else { return nil }
            constants.append(v)
        }
        let fn = f.function
        let line = f.line
        let args = Arguments(constants)
        @Sendable func generic(_ v: JinjaValue, _ rt: Runtime) throws -> JinjaValue {
            do {
                return try fn(v, args, rt)
            } catch let err as TemplateError {
                throw err.located(name: rt.templateName, line: line)
            }
        }
        switch (f.name, constants.count) {
        case ("default", 1), ("d", 1):
            let fallback = constants[0]
            return { rt, s in
                let v = try b(rt, s)
                if case .undefined = v { return fallback }
                return v
            }
        case ("upper", 0):
            return { rt, s in
                let v = try b(rt, s)
                if case .string(let str) = v, let r = Filters.asciiUpper(str) { return .string(r) }
                return try generic(v, rt)
            }
        case ("trim", 0):
            return { rt, s in
                let v = try b(rt, s)
                if case .string(let str) = v { return .string(Methods.pyStrip(str, nil, left: true, right: true)) }
                return try generic(v, rt)
            }
        case ("truncate", 1):
            guard case .int(let length) = constants[0], length >= 3, length < 1 << 40 else { return nil }
            return { rt, s in
                let v = try b(rt, s)
                if case .string(let str) = v, let r = Filters.asciiTruncate(str, length, killwords: false, end: "...", leeway: 5) {
                    return .string(r)
                }
                return try generic(v, rt)
            }
        case ("join", 1):
            guard case .string(let sep) = constants[0] else { return nil }
            return { rt, s in
                let v = try b(rt, s)
                if case .list(let items) = v, let r = Filters.joinStrings(items, sep) { return .string(r) }
                return try generic(v, rt)
            }
        default:
            return nil
        }
    }

    static func expr(_ e: Expr) -> ExprFunction {
        switch e {
        case .literal(let v):
            return { _, _ in v }
        case .name(let n):
            return { _, s in
                if let v = s.lookup(n) { return v }
                if let g = Globals.lookup(n) { return g }
                return .undefined(name: n)
            }
        case .getAttr(let base, let attr):
            // `a.b.c` on plain names: one closure walks the whole chain.
            var chain: [AttributeName] = [attr]
            var root = base
            while case .getAttr(let inner, let a) = root {
                chain.append(a)
                root = inner
            }
            if case .name(let rootName) = root {
                let attrs = Array(chain.reversed())
                return { rt, s in
                    var v: JinjaValue
                    if let found = s.lookup(rootName) {
                        v = found
                    } else if let g = Globals.lookup(rootName) {
                        v = g
                    } else {
                        v = .undefined(name: rootName)
                    }
                    for a in attrs {
                        if !a.isDictMethod, case .dict(let d) = v, let found = d[a.name] {
                            v = found
                        } else {
                            v = try rt.getAttr(v, a.name)
                        }
                    }
                    return v
                }
            }
            let b = expr(base)
            let name = attr.name
            if !attr.isDictMethod {
                return { rt, s in
                    let v = try b(rt, s)
                    if case .dict(let d) = v, let found = d[name] { return found }
                    return try rt.getAttr(v, name)
                }
            }
            return { rt, s in try rt.getAttr(try b(rt, s), name) }
        case .getItem(let base, let key):
            let b = expr(base)
            let k = expr(key)
            return { rt, s in try rt.getItem(try b(rt, s), try k(rt, s)) }
        case .filter(let base, let f):
            let b = expr(base)
            if let fast = fastFilter(f, b) { return fast }
            let fn = f.function
            let line = f.line
            if f.args.positional.isEmpty && f.args.keywords.isEmpty && f.args.starArgs == nil
                && f.args.starKwargs == nil
            {
                return { rt, s in
                    let v = try b(rt, s)
                    do {
                        return try fn(v, Arguments(), rt)
                    } catch let err as TemplateError {
                        throw err.located(name: rt.templateName, line: line)
                    }
                }
            }
            let args = f.args.positional.map { expr($0) }
            let keywords = f.args.keywords.map { ($0.0, expr($0.1)) }
            if f.args.starArgs == nil && f.args.starKwargs == nil {
                return { rt, s in
                    let v = try b(rt, s)
                    var a = Arguments()
                    a.positional.reserveCapacity(args.count)
                    for p in args { a.positional.append(try p(rt, s)) }
                    for (k, kv) in keywords { a.keywords.append((k, try kv(rt, s))) }
                    do {
                        return try fn(v, a, rt)
                    } catch let err as TemplateError {
                        throw err.located(name: rt.templateName, line: line)
                    }
                }
            }
            return { rt, s in try rt.applyFilter(f, try b(rt, s), s) }
        case .and(let a, let b):
            let l = expr(a)
            let r = expr(b)
            return { rt, s in
                let v = try l(rt, s)
                return v.isTruthy ? try r(rt, s) : v
            }
        case .or(let a, let b):
            let l = expr(a)
            let r = expr(b)
            return { rt, s in
                let v = try l(rt, s)
                return v.isTruthy ? v : try r(rt, s)
            }
        case .not(let a):
            let f = expr(a)
            return { rt, s in .bool(!(try f(rt, s).isTruthy)) }
        case .compare(let first, let ops) where ops.count == 1:
            let l = expr(first)
            let op = ops[0].0
            let r = expr(ops[0].1)
            return { rt, s in .bool(try Operators.compare(op, try l(rt, s), try r(rt, s))) }
        case .test(let base, let t):
            let b = expr(base)
            let fn = t.function
            let negated = t.negated
            let args = t.args.positional.map { expr($0) }
            if t.args.keywords.isEmpty && t.args.starArgs == nil && t.args.starKwargs == nil {
                return { rt, s in
                    let v = try b(rt, s)
                    var a = Arguments()
                    for p in args { a.positional.append(try p(rt, s)) }
                    let r = try fn(v, a, rt)
                    return .bool(negated ? !r : r)
                }
            }
            return { rt, s in try rt.eval(e, s) }
        default:
            return { rt, s in try rt.eval(e, s) }
        }
    }
}
