import Foundation

/// Walks a parsed template and writes its output into one String. One instance per render;
/// it holds the environment (for include/import) and breaks macro reference cycles when done.
final class Runtime: @unchecked Sendable {
    let environment: Environment
    @exclusivity(unchecked) var templateName: String?
    /// Scopes that own macros (which capture them); emptied after the render to free the cycles.
    @exclusivity(unchecked) private var macroScopes: [Scope] = []
    /// Emptied loop scopes, reused by later loops of the same render.
    @exclusivity(unchecked) private var scopePool: [Scope] = []
    @exclusivity(unchecked) private var depth = 0
    /// Inside `{% autoescape true %}`: output and `~` escape non-Markup values; macro calls return Markup.
    @exclusivity(unchecked) var autoescape = false

    init(environment: Environment, templateName: String?) {
        self.environment = environment
        self.templateName = templateName
    }

    /// Printing an iterator shows its memory address in Python; refuse rather than invent one.
    @inline(__always)
    static func checkPrintable(_ v: JinjaValue) throws {
        switch v {
        case .list, .tuple, .dict: try Limits.checkDepth(v)
        default: break
        }
        if case .object(let o) = v, let it = o.native as? IteratorValue {
            throw TemplateError(
                .unsupported,
                "printing a \(it.kind) (jinja2 prints its memory address); convert it first, e.g. with |list")
        }
    }

    private func takeScope(parent: Scope) -> Scope {
        if let s = scopePool.popLast() {
            s.parent = parent
            return s
        }
        return Scope(parent: parent)
    }

    private func recycle(_ s: Scope) {
        s.removeAll()
        scopePool.append(s)
    }

    func finish() {
        for s in macroScopes { s.removeAll() }
        macroScopes.removeAll()
    }

    func error(_ kind: TemplateError.Kind, _ message: String, line: Int? = nil) -> TemplateError {
        TemplateError(kind, message, templateName: templateName, line: line)
    }

    // MARK: statements

    func render(_ nodes: [Node], _ scope: Scope, _ out: inout Output) throws {
        for node in nodes {
            switch node {
            case .text(let t):
                out.append(t)
            case .output(let e, let line):
                do {
                    let v = try eval(e, scope)
                    try Runtime.checkPrintable(v)
                    if autoescape, case .markup = v {} else if autoescape {
                        out.append(Escaping.escape(PythonFormat.str(v)))
                        continue
                    }
                    PythonFormat.write(v, into: &out)
                } catch let err as TemplateError {
                    throw err.located(name: templateName, line: line)
                }
            default:
                try renderStatement(node, scope, &out)
            }
        }
    }

    private func lineOf(_ node: Node) -> Int? {
        switch node {
        case .text: return nil
        case .output(_, let l), .ifChain(_, _, let l), .set(_, _, let l), .setBlock(_, _, _, let l),
            .callBlock(_, _, let l), .filterBlock(_, _, let l), .with(_, _, let l), .include(_, _, _, let l),
            .importAs(_, _, _, let l), .fromImport(_, _, _, let l):
            return l
        case .forLoop(let f): return f.line
        case .macro(let m): return m.line
        case .autoescape(_, _, let l): return l
        }
    }

    func renderStatement(_ node: Node, _ scope: Scope, _ out: inout Output) throws {
        do {
            switch node {
            case .text, .output:
                try render([node], scope, &out)
            case .autoescape(let on, let body, _):
                let saved = autoescape
                autoescape = on
                defer { autoescape = saved }
                try render(body, scope, &out)
            case .ifChain(let branches, let otherwise, _):
                for (cond, body) in branches {
                    if try eval(cond, scope).isTruthy {
                        try render(body, scope, &out)
                        return
                    }
                }
                if let otherwise { try render(otherwise, scope, &out) }
            case .forLoop(let loop):
                try renderFor(loop, scope, &out)
            case .set(let target, let e, _):
                try assign(target, try eval(e, scope), scope)
            case .setBlock(let target, let filters, let body, _):
                var buf = Output()
                try render(body, Scope(parent: scope), &buf)
                var v = JinjaValue.string(buf.string)
                for f in filters { v = try applyFilter(f, v, scope) }
                try assign(target, v, scope)
            case .macro(let def):
                scope[def.name] = .function(makeMacro(def, scope))
                macroScopes.append(scope)
            case .callBlock(let callExpr, let callerDef, _):
                guard case .call(let fnExpr, var args, let line) = callExpr else { return }
                let caller = makeMacro(callerDef, scope)
                args.keywords.append(("caller", .literal(.function(caller))))
                let v = try evalCall(fnExpr, args, scope, line: line)
                PythonFormat.write(v, into: &out)
            case .filterBlock(let filters, let body, _):
                var buf = Output()
                try render(body, Scope(parent: scope), &buf)
                var v = JinjaValue.string(buf.string)
                for f in filters { v = try applyFilter(f, v, scope) }
                PythonFormat.write(v, into: &out)
            case .with(let pairs, let body, _):
                let inner = Scope(parent: scope)
                var values: [(AssignTarget, JinjaValue)] = []
                for (t, e) in pairs { values.append((t, try eval(e, scope))) }
                for (t, v) in values { try assign(t, v, inner) }
                try render(body, inner, &out)
            case .include(let nameExpr, let ignoreMissing, let withContext, _):
                let nameValue = try eval(nameExpr, scope)
                let template: Template
                do {
                    template = try loadTemplate(nameValue)
                } catch let e as TemplateError where e.kind == .notFound && ignoreMissing {
                    return
                }
                try includeTemplate(template, parent: withContext ? scope : nil, &out)
            case .importAs(let nameExpr, let alias, let withContext, _):
                let module = try importModule(try eval(nameExpr, scope), scope: withContext ? scope : nil)
                scope[alias] = .object(module)
            case .fromImport(let nameExpr, let names, let withContext, let line):
                let module = try importModule(try eval(nameExpr, scope), scope: withContext ? scope : nil)
                for (name, alias) in names {
                    if let v = module[name] {
                        scope[alias] = v
                    } else {
                        let tn = PythonFormat.repr(try eval(nameExpr, scope))
                        scope[alias] = .undefined(
                            name: "the template \(tn) (imported on line \(line)) does not export the requested name '\(name)'")
                    }
                }
            }
        } catch let err as TemplateError {
            throw err.located(name: templateName, line: lineOf(node))
        }
    }

    func loadTemplate(_ nameValue: JinjaValue) throws -> Template {
        switch nameValue {
        case .string(let n), .markup(let n):
            return try environment.cachedTemplate(named: n)
        case .list(let names), .tuple(let names):
            for n in names {
                if let t = try? loadTemplate(n) { return t }
            }
            throw error(.notFound, names.map { PythonFormat.str($0) }.joined(separator: ", "))
        default:
            throw error(.type, "template name must be a string, got \(PythonFormat.typeName(nameValue))")
        }
    }

    private func includeTemplate(_ template: Template, parent: Scope?, _ out: inout Output) throws {
        depth += 1
        defer { depth -= 1 }
        if depth > 64 { throw error(.runtime, "maximum include depth exceeded") }
        let savedName = templateName
        let savedEscape = autoescape
        templateName = template.name
        autoescape = false
        defer {
            templateName = savedName
            autoescape = savedEscape
        }
        let inner = Scope(parent: parent)
        if !template.rootStored.isEmpty { inner.rootStored = template.rootStored }
        try template.compiled(self, inner, &out)
    }

    private func importModule(_ nameValue: JinjaValue, scope: Scope?) throws -> JinjaObject {
        let template = try loadTemplate(nameValue)
        let exportScope = Scope(parent: scope)
        if !template.rootStored.isEmpty { exportScope.rootStored = template.rootStored }
        depth += 1
        defer { depth -= 1 }
        if depth > 64 { throw error(.runtime, "maximum include depth exceeded") }
        let savedName = templateName
        templateName = template.name
        defer { templateName = savedName }
        var sink = Output()
        try template.compiled(self, exportScope, &sink)
        let module = JinjaObject(typeName: "TemplateModule")
        for (k, v) in exportScope.allVariables where !k.hasPrefix("_") {
            module[k] = v
        }
        return module
    }

    func assign(_ target: AssignTarget, _ value: JinjaValue, _ scope: Scope) throws {
        switch target {
        case .name(let n):
            scope[n] = value
        case .attribute(let objName, let attr):
            guard let obj = scope.lookup(objName) ?? Globals.lookup(objName) else {
                throw error(.undefined, "'\(objName)' is undefined")
            }
            guard case .object(let o) = obj, o.typeName == "Namespace" else {
                throw error(.runtime, "cannot assign attribute on non-namespace object")
            }
            // Namespaces carry values across loop iterations: the one place nesting can grow without bound.
            try Limits.checkDepth(value)
            o[attr] = value
        case .tuple(let targets):
            let items = try unpack(value, count: targets.count)
            for (t, v) in zip(targets, items) { try assign(t, v, scope) }
        }
    }

    private func unpack(_ value: JinjaValue, count: Int) throws -> [JinjaValue] {
        let items = try iterate(value)
        if items.count < count {
            throw error(.value, "not enough values to unpack (expected \(count), got \(items.count))")
        }
        if items.count > count { throw error(.value, "too many values to unpack (expected \(count))") }
        return items
    }

    /// Python iteration: lists, tuples, dict keys, string characters; Undefined iterates as empty.
    func iterate(_ value: JinjaValue) throws -> [JinjaValue] {
        switch value {
        case .list(let a), .tuple(let a): return a
        case .dict(let d): return d.keys
        case .string(let s): return s.unicodeScalars.map { .string(String($0)) }
        case .markup(let s): return s.unicodeScalars.map { .string(String($0)) }
        case .undefined: return []
        case .object(let o):
            if let items = (o.native as? IterableNative)?.items { return items }
            if let it = o.native as? IteratorValue { return try it.remaining() }
            throw error(.type, "'\(o.typeName)' object is not iterable")
        default:
            throw error(.type, "'\(PythonFormat.typeName(value))' object is not iterable")
        }
    }

    private func renderFor(_ loop: ForLoop, _ scope: Scope, _ out: inout Output) throws {
        try renderLoop(loop, try loop.compiledIterable(self, scope), scope, depth0: 0, &out)
    }

    func renderLoop(_ loop: ForLoop, _ iterable: JinjaValue, _ scope: Scope, depth0: Int, _ out: inout Output)
        throws
    {
        var items = try iterate(iterable)
        if let cond = loop.compiledCondition {
            var kept: [JinjaValue] = []
            for item in items {
                let s = Scope(parent: scope)
                try assign(loop.target, item, s)
                if try cond(self, s).isTruthy { kept.append(item) }
            }
            items = kept
        }
        if items.isEmpty {
            if let otherwise = loop.compiledOtherwise { try otherwise(self, scope, &out) }
            return
        }
        var state: LoopState? = nil
        var loopValue: JinjaValue = .none
        if loop.usesLoop {
            let st = LoopState(items: items, depth0: depth0)
            if loop.recursive {
                st.recurse = { [unowned self] next in
                    self.depth += 1
                    defer { self.depth -= 1 }
                    if self.depth > 200 { throw self.error(.runtime, "maximum recursion depth exceeded") }
                    var buf = Output()
                    try self.renderLoop(loop, next, scope, depth0: depth0 + 1, &buf)
                    return buf.string
                }
            }
            state = st
            loopValue = .object(JinjaObject(typeName: "LoopContext", native: st))
        }
        let reuse = !loop.bodyCapturesScope
        // Nothing keeps a reused loop scope once the loop ends, so the next loop of this render takes it over.
        let shared = reuse ? takeScope(parent: scope) : Scope(parent: scope)
        defer { if reuse { recycle(shared) } }
        var simpleName: String? = nil
        if case .name(let n) = loop.target { simpleName = n }
        let body = loop.compiledBody
        if reuse, state == nil, let simpleName {
            // The common loop: one variable, no `loop`.
            let iter = shared
            for item in items {
                iter.reset(to: simpleName, item)
                try body(self, iter, &out)
            }
            return
        }
        if reuse, let state, let simpleName, simpleName != "loop" {
            // One variable and `loop`: both slots are rewritten in place each iteration.
            let iter = shared
            for index in 0..<items.count {
                state.index0 = index
                iter.reset(to: "loop", loopValue, simpleName, items[index])
                try body(self, iter, &out)
            }
            return
        }
        for index in 0..<items.count {
            let item = items[index]
            let iter: Scope
            if reuse {
                iter = shared
                if let simpleName, state == nil {
                    iter.reset(to: simpleName, item)
                    try body(self, iter, &out)
                    continue
                }
                if index > 0 { iter.removeAll() }
            } else {
                iter = Scope(parent: scope)
            }
            if let state {
                state.index0 = index
                iter["loop"] = loopValue
            }
            if let simpleName {
                iter[simpleName] = item
            } else {
                try assign(loop.target, item, iter)
            }
            try body(self, iter, &out)
        }
    }

    // MARK: macros

    func makeMacro(_ def: MacroDefinition, _ scope: Scope) -> JinjaFunction {
        JinjaFunction(name: def.name, macro: def) { [self] args, kwargs in
            try self.callMacro(def, scope, args, kwargs)
        }
    }

    private func callMacro(_ def: MacroDefinition, _ defScope: Scope, _ args: [JinjaValue], _ kwargs: [(String, JinjaValue)])
        throws -> JinjaValue
    {
        depth += 1
        defer { depth -= 1 }
        if depth > 200 { throw error(.runtime, "maximum recursion depth exceeded") }
        let s = Scope(parent: defScope)
        let params = def.parameters
        if args.count > params.count && !def.usesVarargs {
            throw error(.type, "macro '\(def.name)' takes not more than \(params.count) argument(s)")
        }
        var provided = [Bool](repeating: false, count: params.count)
        for (i, a) in args.enumerated() where i < params.count {
            s[params[i].0] = a
            provided[i] = true
        }
        var extraKwargs = JinjaDict()
        var caller: JinjaValue? = nil
        for (k, v) in kwargs {
            if let i = params.firstIndex(where: { $0.0 == k }) {
                if provided[i] && i < args.count {
                    throw error(.type, "macro '\(def.name)' got multiple values for argument '\(k)'")
                }
                s[k] = v
                provided[i] = true
            } else if k == "caller" {
                caller = v
            } else if def.usesKwargs {
                extraKwargs[k] = v
            } else {
                throw error(.type, "macro '\(def.name)' takes no keyword argument '\(k)'")
            }
        }
        for (i, p) in params.enumerated() where !provided[i] {
            if let d = p.1 {
                s[p.0] = try eval(d, s)
            } else {
                s[p.0] = .undefined(name: "parameter '\(p.0)' was not provided")
            }
        }
        if let caller {
            if !def.usesCaller && !params.contains(where: { $0.0 == "caller" }) {
                throw error(.type, "macro '\(def.name)' was invoked with two values for the special caller argument. This is most likely a bug.")
            }
            s["caller"] = caller
        } else if def.usesCaller {
            s["caller"] = s["caller"] ?? .undefined(name: "No caller defined")
        }
        if def.usesVarargs {
            s["varargs"] = .tuple(args.count > params.count ? Array(args[params.count...]) : [])
        }
        if def.usesKwargs { s["kwargs"] = .dict(extraKwargs) }
        var buf = Output()
        let callerEscapes = autoescape
        autoescape = def.autoescape
        defer { autoescape = callerEscapes }
        try def.compiledBody(self, s, &buf)
        return callerEscapes ? .markup(buf.string) : .string(buf.string)
    }

    // MARK: expressions

    func eval(_ e: Expr, _ scope: Scope) throws -> JinjaValue {
        switch e {
        case .literal(let v):
            return v
        case .name(let n):
            if let v = scope.lookup(n) { return v }
            if let g = Globals.lookup(n) { return g }
            return .undefined(name: n)
        case .getAttr(let base, let attr):
            let v = try eval(base, scope)
            if !attr.isDictMethod, case .dict(let d) = v, let found = d[attr.name] { return found }
            return try getAttr(v, attr.name)
        case .getItem(let base, let key):
            return try getItem(try eval(base, scope), try eval(key, scope))
        case .filter(let base, let f):
            return try applyFilter(f, try eval(base, scope), scope)
        case .test(let base, let t):
            let v = try eval(base, scope)
            let args = try evalArgs(t.args, scope)
            let r = try t.function(v, args, self)
            return .bool(t.negated ? !r : r)
        case .call(let fn, let args, let line):
            return try evalCall(fn, args, scope, line: line)
        case .list(let xs):
            var a: [JinjaValue] = []
            a.reserveCapacity(xs.count)
            for x in xs { a.append(try eval(x, scope)) }
            return .list(a)
        case .tuple(let xs):
            var a: [JinjaValue] = []
            a.reserveCapacity(xs.count)
            for x in xs { a.append(try eval(x, scope)) }
            return .tuple(a)
        case .dict(let pairs):
            var d = JinjaDict()
            for (k, v) in pairs {
                let key = try eval(k, scope)
                if JinjaDict.HashKey(key) == nil {
                    throw error(.type, "unhashable type: '\(PythonFormat.typeName(key))'")
                }
                d[key] = try eval(v, scope)
            }
            return .dict(d)
        case .slice(let base, let a, let b, let c):
            let v = try eval(base, scope)
            var constant = false
            switch base {
            case .literal: constant = true
            case .dict(let pairs):
                constant = pairs.allSatisfy {
                    if case .literal = $0.0, case .literal = $0.1 { return true }
                    return false
                }
            default: break
            }
            return try Operators.slice(
                v, a.map { try eval($0, scope) }, b.map { try eval($0, scope) }, c.map { try eval($0, scope) },
                constantBase: constant)
        case .neg(let x):
            return try Operators.negate(try eval(x, scope))
        case .pos(let x):
            return try Operators.positive(try eval(x, scope))
        case .not(let x):
            return .bool(!(try eval(x, scope).isTruthy))
        case .and(let a, let b):
            let l = try eval(a, scope)
            return l.isTruthy ? try eval(b, scope) : l
        case .or(let a, let b):
            let l = try eval(a, scope)
            return l.isTruthy ? l : try eval(b, scope)
        case .binary(let op, let a, let b):
            return try Operators.binary(op, try eval(a, scope), try eval(b, scope))
        case .compare(let first, let ops):
            var left = try eval(first, scope)
            for (op, rhs) in ops {
                let right = try eval(rhs, scope)
                if !(try Operators.compare(op, left, right)) { return .bool(false) }
                left = right
            }
            return .bool(true)
        case .concat(let parts):
            var s = ""
            if autoescape {
                for p in parts {
                    let v = try eval(p, scope)
                    try Runtime.checkPrintable(v)
                    s += PythonFormat.str(Escaping.escapeValue(v))
                }
                return .markup(s)
            }
            for p in parts {
                let v = try eval(p, scope)
                try Runtime.checkPrintable(v)
                PythonFormat.write(v, into: &s)
            }
            return .string(s)
        case .conditional(let test, let then, let otherwise):
            if try eval(test, scope).isTruthy { return try eval(then, scope) }
            if let otherwise { return try eval(otherwise, scope) }
            return .undefined(name: "the inline if-expression on line ? evaluated to false and no else section was defined.")
        }
    }

    func applyFilter(_ f: FilterCall, _ value: JinjaValue, _ scope: Scope) throws -> JinjaValue {
        let args = try evalArgs(f.args, scope)
        do {
            return try f.function(value, args, self)
        } catch let e as TemplateError {
            throw e.located(name: templateName, line: f.line)
        }
    }

    func evalArgs(_ a: CallArgs, _ scope: Scope) throws -> Arguments {
        var args = Arguments()
        if !a.positional.isEmpty {
            args.positional.reserveCapacity(a.positional.count)
            for p in a.positional { args.positional.append(try eval(p, scope)) }
        }
        for (k, v) in a.keywords { args.keywords.append((k, try eval(v, scope))) }
        if let star = a.starArgs { args.positional += try iterate(try eval(star, scope)) }
        if let star = a.starKwargs {
            guard case .dict(let d) = try eval(star, scope) else {
                throw error(.type, "argument after ** must be a mapping")
            }
            for (k, v) in d.items { args.keywords.append((PythonFormat.str(k), v)) }
        }
        return args
    }

    private func evalCall(_ fnExpr: Expr, _ callArgs: CallArgs, _ scope: Scope, line: Int) throws -> JinjaValue {
        let fn = try eval(fnExpr, scope)
        let args = try evalArgs(callArgs, scope)
        return try call(fn, args)
    }

    func call(_ fn: JinjaValue, _ args: Arguments) throws -> JinjaValue {
        switch fn {
        case .function(let f):
            return try f.call(args.positional, args.keywords)
        case .undefined(let name):
            throw error(.undefined, PythonFormat.undefinedMessage(name))
        case .object(let o):
            if let callable = o.native as? CallableNative { return try callable.call(args, self) }
            throw error(.type, "'\(o.typeName)' object is not callable")
        default:
            throw error(.type, "'\(PythonFormat.typeName(fn))' object is not callable")
        }
    }

    // MARK: attribute and item access (sandboxed)

    func getAttr(_ value: JinjaValue, _ name: String) throws -> JinjaValue {
        if case .undefined(let n) = value { throw error(.undefined, PythonFormat.undefinedMessage(n)) }
        if name.hasPrefix("_") {
            return .undefined(
                name: "access to attribute '\(name)' of '\(PythonFormat.typeName(value))' object is unsafe.")
        }
        switch value {
        case .dict(let d):
            if let m = Methods.bound(value, name, self) { return m }
            if let v = d[name] { return v }
        case .object(let o):
            if let native = o.native {
                if let v = native.attribute(name) { return v }
            } else if let v = o[name] {
                return v
            }
        case .function(let f):
            if let m = f.macro {
                switch name {
                case "name": return .string(m.name)
                case "arguments": return .tuple(m.parameters.map { .string($0.0) })
                case "catch_kwargs": return .bool(m.usesKwargs)
                case "catch_varargs": return .bool(m.usesVarargs)
                case "caller": return .bool(m.usesCaller)
                default: break
                }
            }
        default:
            if let m = Methods.bound(value, name, self) { return m }
        }
        return .undefined(name: "\(PythonFormat.objectTypeRepr(value).pyQuoted) has no attribute '\(name)'")
    }

    func getItem(_ value: JinjaValue, _ key: JinjaValue) throws -> JinjaValue {
        switch value {
        case .undefined(let n):
            throw error(.undefined, PythonFormat.undefinedMessage(n))
        case .dict(let d):
            if let v = d[key] { return v }
        case .list(let a), .tuple(let a):
            if let i = key.asIndex {
                let j = i < 0 ? i + a.count : i
                if j >= 0 && j < a.count { return a[j] }
            }
        case .string(let s), .markup(let s):
            if let i = key.asIndex {
                let scalars = s.unicodeScalars
                let n = scalars.count
                let j = i < 0 ? i + n : i
                if j >= 0 && j < n {
                    let c = String(scalars[scalars.index(scalars.startIndex, offsetBy: j)])
                    if case .markup = value { return .markup(c) }
                    return .string(c)
                }
            }
        case .object(let o):
            if let seq = o.native as? IterableNative, !(seq is DictView), let i = key.asIndex {
                let a = seq.items
                let j = i < 0 ? i + a.count : i
                if j >= 0 && j < a.count { return a[j] }
            }
            if case .string(let k) = key {
                if let native = o.native {
                    if let v = native.attribute(k) { return v }
                } else if let v = o[k] {
                    return v
                }
            }
        default: break
        }
        if case .string(let k) = key {
            let v = try getAttr(value, k)
            if !v.isUndefined { return v }
            return .undefined(name: "\(PythonFormat.objectTypeRepr(value).pyQuoted) has no attribute '\(k)'")
        }
        return .undefined(name: "\(PythonFormat.objectTypeRepr(value)) has no element \(PythonFormat.repr(key))")
    }
}

/// Evaluated call arguments.
struct Arguments: Sendable {
    var positional: [JinjaValue] = []
    var keywords: [(String, JinjaValue)] = []

    init(_ positional: [JinjaValue] = [], _ keywords: [(String, JinjaValue)] = []) {
        self.positional = positional
        self.keywords = keywords
    }

    /// The argument at `index` or named `name`, Python-style.
    func get(_ index: Int, _ name: String) -> JinjaValue? {
        if index < positional.count { return positional[index] }
        for (k, v) in keywords where k == name { return v }
        return nil
    }

    /// Checks that no argument beyond `names` was given.
    @inline(__always)
    func check(_ fn: String, _ namesList: @autoclosure () -> [String], _ rt: Runtime) throws {
        if positional.isEmpty && keywords.isEmpty { return }
        try checkSlow(fn, namesList(), rt)
    }

    func checkSlow(_ fn: String, _ names: [String], _ rt: Runtime) throws {
        if positional.count > names.count {
            throw rt.error(
                .type, "\(fn)() takes \(names.count) positional argument\(names.count == 1 ? "" : "s") but \(positional.count) were given")
        }
        for (k, _) in keywords where !names.contains(k) {
            throw rt.error(.type, "\(fn)() got an unexpected keyword argument '\(k)'")
        }
    }
}

extension JinjaValue {
    /// An integer index (bools count, as in Python).
    var asIndex: Int? {
        switch self {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }
}

extension String {
    var pyQuoted: String { "'" + self + "'" }
}
