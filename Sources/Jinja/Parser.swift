import Foundation

/// Builds the statement tree from tokens, following jinja2's grammar and operator precedence.
/// Unknown filters, tests and tags fail here, at load time, never at render time.
struct Parser {
    private var tokens: [Token]
    private var i = 0
    /// Inside `{% if %}` or a conditional expression, jinja2 lets unknown filters/tests wait until they run.
    private var soft = false
    /// Inside `{% autoescape true %}` (macros remember it).
    private var autoescape = false
    /// Unknown filter/test names seen outside a soft frame; an error at the end unless a conditional forgives them.
    private var pendingUnknown: [TemplateError] = []
    let templateName: String?

    init(tokens: [Token], templateName: String?) {
        self.tokens = tokens
        self.templateName = templateName
    }

    // MARK: token helpers

    private var current: Token { tokens[i] }
    private var line: Int { tokens[i].line }
    private mutating func advance() { if i < tokens.count - 1 { i += 1 } }

    private func peek(_ n: Int = 1) -> Token { tokens[min(i + n, tokens.count - 1)] }

    private func fail(_ message: String, line: Int? = nil) -> TemplateError {
        TemplateError(.syntax, message, templateName: templateName, line: line ?? self.line)
    }

    private func unsupported(_ message: String, line: Int? = nil) -> TemplateError {
        TemplateError(.unsupported, message, templateName: templateName, line: line ?? self.line)
    }

    /// `x.append(...)`, `d.update(...)`, ...: jinja2 changes the list/dict in place, so every other reference to it
    /// (an alias from `{% set a = b %}`, a loop variable, a macro argument) sees the change. Flowgate's lists and
    /// dicts are values, so it cannot reproduce that; refuse the call at load rather than render something else.
    /// None of these names is a `str` method, so the name alone identifies a mutation.
    private func rejectMutatingCall(_ callee: Expr, line l: Int) throws {
        guard case .getAttr(_, let attr) = callee, Methods.isMutatorName(attr.name) else { return }
        throw unsupported(Methods.mutationMessage(attr.name), line: l)
    }

    private func isName(_ n: String, _ t: Token? = nil) -> Bool {
        if case .name(let x) = (t ?? current).kind { return x == n }
        return false
    }

    private func isOp(_ o: String, _ t: Token? = nil) -> Bool {
        if case .op(let x) = (t ?? current).kind { return x == o }
        return false
    }

    private func describe(_ t: Token) -> String {
        switch t.kind {
        case .data: return "template data / text"
        case .variableBegin: return "begin of print statement"
        case .variableEnd: return "end of print statement"
        case .blockBegin: return "begin of statement block"
        case .blockEnd: return "end of statement block"
        case .name(let n): return n
        case .string: return "string"
        case .integer, .bigInteger: return "integer"
        case .float: return "float"
        case .op(let o): return o
        case .eof: return "end of template"
        }
    }

    private mutating func expectOp(_ o: String) throws {
        guard isOp(o) else { throw fail("expected token '\(o)', got '\(describe(current))'") }
        advance()
    }

    private mutating func expectName(_ n: String) throws {
        guard isName(n) else { throw fail("expected token '\(n)', got '\(describe(current))'") }
        advance()
    }

    private mutating func expectIdentifier() throws -> String {
        guard case .name(let n) = current.kind else {
            throw fail("expected token 'name', got '\(describe(current))'")
        }
        advance()
        return n
    }

    private mutating func expectBlockEnd() throws {
        guard case .blockEnd = current.kind else {
            throw fail("expected token 'end of statement block', got '\(describe(current))'")
        }
        advance()
    }

    private mutating func skipOp(_ o: String) -> Bool {
        if isOp(o) {
            advance()
            return true
        }
        return false
    }

    private mutating func skipName(_ n: String) -> Bool {
        if isName(n) {
            advance()
            return true
        }
        return false
    }

    // MARK: statements

    mutating func parseTemplate() throws -> [Node] {
        let (body, end) = try parseStatements(until: [])
        if let end { throw fail("Encountered unknown tag '\(end)'.") }
        if let first = pendingUnknown.first { throw first }
        return body
    }

    /// Runs `body` with the soft-frame flag set to `value`.
    private mutating func withSoft<T>(_ value: Bool, _ body: (inout Parser) throws -> T) rethrows -> T {
        let saved = soft
        soft = value
        defer { soft = saved }
        return try body(&self)
    }

    /// Parses until one of `until` block tags (left unconsumed: the current token is its name); returns which one.
    private mutating func parseStatements(until: Set<String>, blockName: String? = nil, startLine: Int? = nil)
        throws -> ([Node], String?)
    {
        var body: [Node] = []
        while true {
            switch current.kind {
            case .data(let text):
                body.append(.text(text))
                advance()
            case .variableBegin:
                let l = line
                advance()
                let e = try parseTuple()
                guard case .variableEnd = current.kind else {
                    throw fail("expected token 'end of print statement', got '\(describe(current))'")
                }
                advance()
                body.append(.output(e, line: l))
            case .blockBegin:
                advance()
                if case .name(let tag) = current.kind, until.contains(tag) {
                    return (body, tag)
                }
                body.append(try parseStatement(expectedEnds: until, blockName: blockName, startLine: startLine))
            case .eof:
                if !until.isEmpty {
                    let expected = until.sorted().map { "'\($0)'" }.joined(separator: " or ")
                    var msg = "Unexpected end of template."
                    if let blockName {
                        msg += " Jinja was looking for the following tags: \(expected). The innermost block that needs to be closed is '\(blockName)'."
                    }
                    throw fail(msg)
                }
                return (body, nil)
            default:
                throw fail("unexpected '\(describe(current))'")
            }
        }
    }

    private mutating func parseStatement(expectedEnds: Set<String>, blockName: String?, startLine: Int?) throws
        -> Node
    {
        let l = line
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Limits.maxNesting { throw fail("statements nested too deeply") }
        guard case .name(let tag) = current.kind else {
            throw fail("tag name expected")
        }
        switch tag {
        case "if": return try parseIf()
        case "for": return try parseFor()
        case "set": return try parseSet()
        case "macro": return try parseMacro()
        case "call": return try parseCallBlock()
        case "filter": return try parseFilterBlock()
        case "with": return try parseWith()
        case "include": return try parseInclude()
        case "import": return try parseImport()
        case "from": return try parseFromImport()
        case "print":
            advance()
            let e = try parseTuple()
            try expectBlockEnd()
            return .output(e, line: l)
        case "autoescape":
            advance()
            let e = try parseExpression()
            guard case .literal(let v) = e else {
                throw unsupported("only constant {% autoescape %} values are supported", line: l)
            }
            try expectBlockEnd()
            let saved = autoescape
            autoescape = v.isTruthy
            defer { autoescape = saved }
            let (body, _) = try parseStatements(until: ["endautoescape"], blockName: "autoescape")
            advance()
            try expectBlockEnd()
            return .autoescape(v.isTruthy, body: body, line: l)
        case "extends", "block", "do", "break", "continue", "trans", "pluralize", "debug":
            throw unsupported("the '{% \(tag) %}' tag is not supported", line: l)
        default:
            if tag.hasPrefix("end") || tag == "else" || tag == "elif" {
                if let blockName {
                    let expected = expectedEnds.sorted().map { "'\($0)'" }.joined(separator: " or ")
                    throw fail(
                        "Encountered unknown tag '\(tag)'. Jinja was looking for the following tags: \(expected). The innermost block that needs to be closed is '\(blockName)'."
                    )
                }
                throw fail("Encountered unknown tag '\(tag)'.")
            }
            throw unsupported("Encountered unknown tag '\(tag)'.", line: l)
        }
    }

    private mutating func parseIf() throws -> Node {
        try withSoft(true) { try $0.parseIfBody() }
    }

    private mutating func parseIfBody() throws -> Node {
        let l = line
        advance()
        var branches: [(Expr, [Node])] = []
        var cond = try parseTuple(withCondExpr: true)
        try expectBlockEnd()
        while true {
            let (body, end) = try parseStatements(until: ["elif", "else", "endif"], blockName: "if")
            branches.append((cond, body))
            advance()
            if end == "elif" {
                cond = try parseTuple(withCondExpr: true)
                try expectBlockEnd()
                continue
            }
            if end == "else" {
                try expectBlockEnd()
                let (elseBody, _) = try parseStatements(until: ["endif"], blockName: "if")
                advance()
                try expectBlockEnd()
                return .ifChain(branches, otherwise: elseBody, line: l)
            }
            try expectBlockEnd()
            return .ifChain(branches, otherwise: nil, line: l)
        }
    }

    private mutating func parseFor() throws -> Node {
        try withSoft(false) { try $0.parseForBody() }
    }

    private mutating func parseForBody() throws -> Node {
        let l = line
        advance()
        let target = try parseAssignTarget(extraEndRules: ["in"], allowAttribute: false)
        try expectName("in")
        let iter = try parseTuple(withCondExpr: false, extraEndRules: ["recursive"])
        var condition: Expr? = nil
        if skipName("if") { condition = try parseTuple(withCondExpr: true) }
        let recursive = skipName("recursive")
        try expectBlockEnd()
        let (body, end) = try parseStatements(until: ["endfor", "else"], blockName: "for")
        advance()
        var otherwise: [Node]? = nil
        if end == "else" {
            try expectBlockEnd()
            let (e, _) = try parseStatements(until: ["endfor"], blockName: "for")
            otherwise = e
            advance()
        }
        try expectBlockEnd()
        return .forLoop(
            ForLoop(
                target: target, iterable: iter, condition: condition, body: body, otherwise: otherwise,
                recursive: recursive, line: l))
    }

    private mutating func parseSet() throws -> Node {
        let l = line
        advance()
        let target = try parseAssignTarget(extraEndRules: [], allowAttribute: true)
        if skipOp("=") {
            let e = try parseTuple()
            try expectBlockEnd()
            return .set(target, e, line: l)
        }
        var filters: [FilterCall] = []
        while isOp("|") {
            filters.append(try parseFilterCall())
        }
        try expectBlockEnd()
        let (body, _) = try withSoft(false) { try $0.parseStatements(until: ["endset"], blockName: "set") }
        advance()
        try expectBlockEnd()
        return .setBlock(target, filters: filters, body: body, line: l)
    }

    private mutating func parseSignature() throws -> [(String, Expr?)] {
        var params: [(String, Expr?)] = []
        try expectOp("(")
        while !isOp(")") {
            if !params.isEmpty { try expectOp(",") }
            if isOp(")") { break }
            let pl = line
            let name = try expectIdentifier()
            if name.hasPrefix("_") && false { throw fail("") }
            var def: Expr? = nil
            if skipOp("=") {
                def = try parseExpression()
            } else if params.contains(where: { $0.1 != nil }) {
                throw fail("non-default argument follows default argument", line: pl)
            }
            params.append((name, def))
        }
        advance()
        return params
    }

    private mutating func parseMacro() throws -> Node {
        try withSoft(false) { try $0.parseMacroBody() }
    }

    private mutating func parseMacroBody() throws -> Node {
        let l = line
        advance()
        let name = try expectIdentifier()
        let params = try parseSignature()
        try expectBlockEnd()
        let (body, _) = try parseStatements(until: ["endmacro"], blockName: "macro")
        advance()
        try expectBlockEnd()
        return .macro(MacroDefinition(name: name, parameters: params, body: body, line: l, autoescape: autoescape))
    }

    private mutating func parseCallBlock() throws -> Node {
        try withSoft(false) { try $0.parseCallBlockBody() }
    }

    private mutating func parseCallBlockBody() throws -> Node {
        let l = line
        advance()
        var params: [(String, Expr?)] = []
        if isOp("(") { params = try parseSignature() }
        let call = try parseExpression()
        guard case .call = call else { throw fail("expected call", line: l) }
        try expectBlockEnd()
        let (body, _) = try parseStatements(until: ["endcall"], blockName: "call")
        advance()
        try expectBlockEnd()
        return .callBlock(call, caller: MacroDefinition(name: "caller", parameters: params, body: body, line: l, autoescape: autoescape), line: l)
    }

    private mutating func parseFilterBlock() throws -> Node {
        try withSoft(false) { try $0.parseFilterBlockBody() }
    }

    private mutating func parseFilterBlockBody() throws -> Node {
        let l = line
        advance()
        var filters: [FilterCall] = []
        filters.append(try parseFilterCall(leadingPipe: false))
        while isOp("|") { filters.append(try parseFilterCall()) }
        try expectBlockEnd()
        let (body, _) = try parseStatements(until: ["endfilter"], blockName: "filter")
        advance()
        try expectBlockEnd()
        return .filterBlock(filters, body: body, line: l)
    }

    private mutating func parseWith() throws -> Node {
        try withSoft(false) { try $0.parseWithBody() }
    }

    private mutating func parseWithBody() throws -> Node {
        let l = line
        advance()
        var pairs: [(AssignTarget, Expr)] = []
        while !isBlockEnd {
            if !pairs.isEmpty { try expectOp(",") }
            let t = try parseAssignTarget(extraEndRules: [], allowAttribute: false)
            try expectOp("=")
            pairs.append((t, try parseExpression()))
        }
        try expectBlockEnd()
        let (body, _) = try parseStatements(until: ["endwith"], blockName: "with")
        advance()
        try expectBlockEnd()
        return .with(pairs, body: body, line: l)
    }

    private var isBlockEnd: Bool {
        if case .blockEnd = current.kind { return true }
        return false
    }

    private mutating func parseContextModifier(default def: Bool) throws -> Bool {
        if (isName("with") || isName("without")) && isName("context", peek()) {
            let with = isName("with")
            advance()
            advance()
            return with
        }
        return def
    }

    private mutating func parseInclude() throws -> Node {
        let l = line
        advance()
        let e = try parseExpression()
        var ignoreMissing = false
        if isName("ignore") && isName("missing", peek()) {
            advance()
            advance()
            ignoreMissing = true
        }
        let ctx = try parseContextModifier(default: true)
        try expectBlockEnd()
        return .include(e, ignoreMissing: ignoreMissing, withContext: ctx, line: l)
    }

    private mutating func parseImport() throws -> Node {
        let l = line
        advance()
        let e = try parseExpression()
        try expectName("as")
        let alias = try expectIdentifier()
        let ctx = try parseContextModifier(default: false)
        try expectBlockEnd()
        return .importAs(e, alias: alias, withContext: ctx, line: l)
    }

    private mutating func parseFromImport() throws -> Node {
        let l = line
        advance()
        let e = try parseExpression()
        try expectName("import")
        var names: [(String, String)] = []
        var ctx = false
        while true {
            if !names.isEmpty {
                if !skipOp(",") { break }
            }
            if (isName("with") || isName("without")) && isName("context", peek()) {
                ctx = try parseContextModifier(default: false)
                break
            }
            guard case .name(let n) = current.kind else {
                if names.isEmpty { throw fail("expected token 'name', got '\(describe(current))'") }
                break
            }
            if n.hasPrefix("_") { throw fail("names starting with an underline can not be imported") }
            advance()
            var alias = n
            if skipName("as") { alias = try expectIdentifier() }
            names.append((n, alias))
            if (isName("with") || isName("without")) && isName("context", peek()) {
                ctx = try parseContextModifier(default: false)
                break
            }
        }
        try expectBlockEnd()
        return .fromImport(e, names: names, withContext: ctx, line: l)
    }

    /// A loop or `set` target: a name, `ns.attr`, or a tuple of names (with or without parentheses).
    private mutating func parseAssignTarget(extraEndRules: Set<String>, allowAttribute: Bool) throws -> AssignTarget {
        func single(_ p: inout Parser) throws -> AssignTarget {
            if p.isOp("(") {
                p.advance()
                var items: [AssignTarget] = []
                while !p.isOp(")") {
                    if !items.isEmpty { try p.expectOp(",") }
                    if p.isOp(")") { break }
                    items.append(try single(&p))
                }
                p.advance()
                return .tuple(items)
            }
            let l = p.line
            let n = try p.expectIdentifier()
            if allowAttribute && p.isOp(".") {
                p.advance()
                let attr = try p.expectIdentifier()
                return .attribute(n, attr)
            }
            if ["true", "false", "none", "True", "False", "None"].contains(n) {
                throw p.fail("can't assign to '\(n)'", line: l)
            }
            return .name(n)
        }
        var items: [AssignTarget] = [try single(&self)]
        var isTuple = false
        while isOp(",") {
            isTuple = true
            advance()
            if case .name(let n) = current.kind, extraEndRules.contains(n) { break }
            if isOp("=") || isBlockEnd { break }
            items.append(try single(&self))
        }
        return isTuple ? .tuple(items) : items[0]
    }

    // MARK: expressions

    /// `a, b` without parentheses is a tuple (in `{{ }}`, `for ... in`, `set x = `).
    private mutating func parseTuple(withCondExpr: Bool = true, extraEndRules: Set<String> = []) throws -> Expr {
        var items: [Expr] = []
        var isTuple = false
        while true {
            if !items.isEmpty {
                if !skipOp(",") { break }
                isTuple = true
            }
            if isTupleEnd(extraEndRules) { break }
            items.append(withCondExpr ? try parseExpression() : try parseOr())
            if !isOp(",") { break }
        }
        if !isTuple {
            if items.isEmpty { throw fail("Expected an expression, got '\(describe(current))'") }
            return items[0]
        }
        return .tuple(items)
    }

    private func isTupleEnd(_ extra: Set<String>) -> Bool {
        switch current.kind {
        case .variableEnd, .blockEnd, .eof: return true
        case .name(let n): return extra.contains(n)
        default: return false
        }
    }

    mutating func parseExpression() throws -> Expr {
        let mark = pendingUnknown.count
        var e = try parseOr()
        while isName("if") {
            advance()
            if pendingUnknown.count > mark { pendingUnknown.removeSubrange(mark...) }
            let test = try withSoft(true) { try $0.parseOr() }
            var otherwise: Expr? = nil
            if skipName("else") { otherwise = try withSoft(true) { try $0.parseExpression() } }
            e = .conditional(test: test, then: e, otherwise: otherwise)
        }
        return e
    }

    private mutating func parseOr() throws -> Expr {
        var e = try parseAnd()
        while skipName("or") { e = .or(e, try parseAnd()) }
        return e
    }

    private mutating func parseAnd() throws -> Expr {
        var e = try parseNot()
        while skipName("and") { e = .and(e, try parseNot()) }
        return e
    }

    private mutating func parseNot() throws -> Expr {
        if skipName("not") { return .not(try parseNot()) }
        return try parseCompare()
    }

    private mutating func parseCompare() throws -> Expr {
        let e = try parseMath1()
        var ops: [(CompareOp, Expr)] = []
        while true {
            if case .op(let o) = current.kind, let op = CompareOp(rawValue: o), o != "in" {
                advance()
                ops.append((op, try parseMath1()))
            } else if skipName("in") {
                ops.append((.in, try parseMath1()))
            } else if isName("not") && isName("in", peek()) {
                advance()
                advance()
                ops.append((.notIn, try parseMath1()))
            } else {
                break
            }
        }
        return ops.isEmpty ? e : .compare(e, ops)
    }

    private mutating func parseMath1() throws -> Expr {
        var e = try parseConcat()
        while true {
            if skipOp("+") {
                e = .binary(.add, e, try parseConcat())
            } else if skipOp("-") {
                e = .binary(.sub, e, try parseConcat())
            } else {
                return e
            }
        }
    }

    private mutating func parseConcat() throws -> Expr {
        var items = [try parseMath2()]
        while skipOp("~") { items.append(try parseMath2()) }
        return items.count == 1 ? items[0] : .concat(items)
    }

    private mutating func parseMath2() throws -> Expr {
        var e = try parsePow()
        while true {
            if case .op(let o) = current.kind, o == "*" || o == "/" || o == "//" || o == "%" {
                advance()
                e = .binary(BinaryOp(rawValue: o)!, e, try parsePow())
            } else {
                return e
            }
        }
    }

    private mutating func parsePow() throws -> Expr {
        var e = try parseUnary()
        while skipOp("**") { e = .binary(.pow, e, try parseUnary()) }
        return e
    }

    private var nesting = 0

    private mutating func parseUnary(withFilter: Bool = true) throws -> Expr {
        nesting += 1
        defer { nesting -= 1 }
        if nesting > Limits.maxNesting { throw fail("expression nested too deeply") }
        var e: Expr
        if skipOp("-") {
            e = .neg(try parseUnary(withFilter: false))
        } else if skipOp("+") {
            e = .pos(try parseUnary(withFilter: false))
        } else {
            e = try parsePrimary()
        }
        e = try parsePostfix(e)
        if withFilter { e = try parseFilterExpr(e) }
        return e
    }

    private mutating func parsePrimary() throws -> Expr {
        let t = current
        switch t.kind {
        case .name(let n):
            advance()
            switch n {
            case "true", "True": return .literal(.bool(true))
            case "false", "False": return .literal(.bool(false))
            case "none", "None": return .literal(.none)
            default: return .name(n)
            }
        case .string(var s):
            advance()
            while case .string(let more) = current.kind {
                s += more
                advance()
            }
            return .literal(.string(s))
        case .integer(let v):
            advance()
            return .literal(.int(v))
        case .bigInteger(let digits):
            advance()
            return .literal(BigIntValue.make(BigInt(digits) ?? BigInt(0)))
        case .float(let v):
            advance()
            return .literal(.float(v))
        case .op("("):
            advance()
            if skipOp(")") { return .tuple([]) }
            var items: [Expr] = []
            var isTuple = false
            while true {
                items.append(try parseExpression())
                if skipOp(",") {
                    isTuple = true
                    if isOp(")") { break }
                    continue
                }
                break
            }
            try expectOp(")")
            return isTuple ? .tuple(items) : items[0]
        case .op("["):
            advance()
            var items: [Expr] = []
            while !isOp("]") {
                if !items.isEmpty { try expectOp(",") }
                if isOp("]") { break }
                items.append(try parseExpression())
            }
            advance()
            return .list(items)
        case .op("{"):
            advance()
            var pairs: [(Expr, Expr)] = []
            while !isOp("}") {
                if !pairs.isEmpty { try expectOp(",") }
                if isOp("}") { break }
                let k = try parseExpression()
                try expectOp(":")
                pairs.append((k, try parseExpression()))
            }
            advance()
            return .dict(pairs)
        default:
            throw fail("unexpected '\(describe(t))'")
        }
    }

    private mutating func parsePostfix(_ start: Expr) throws -> Expr {
        var e = start
        while true {
            if isOp(".") {
                advance()
                switch current.kind {
                case .name(let n):
                    advance()
                    e = .getAttr(e, AttributeName(n))
                case .integer(let v):
                    advance()
                    e = .getItem(e, .literal(.int(v)))
                default:
                    throw fail("expected name or number")
                }
            } else if isOp("[") {
                advance()
                e = try parseSubscript(e)
            } else if isOp("(") {
                let l = line
                if case .name("lipsum") = e {
                    throw unsupported("lipsum() is not supported (its output is random)", line: l)
                }
                try rejectMutatingCall(e, line: l)
                e = .call(e, try parseCallArgs(), line: l)
            } else {
                return e
            }
        }
    }

    private mutating func parseSubscript(_ target: Expr) throws -> Expr {
        var parts: [Expr] = []
        var isTuple = false
        var sliceResult: Expr? = nil
        while !isOp("]") {
            if !parts.isEmpty || sliceResult != nil {
                try expectOp(",")
                isTuple = true
                if isOp("]") { break }
            }
            // slice?
            var start: Expr? = nil
            if !isOp(":") { start = try parseExpression() }
            if isOp(":") {
                advance()
                var stop: Expr? = nil
                var step: Expr? = nil
                if !isOp("]") && !isOp(",") && !isOp(":") { stop = try parseExpression() }
                if skipOp(":") {
                    if !isOp("]") && !isOp(",") { step = try parseExpression() }
                }
                if parts.isEmpty && sliceResult == nil {
                    sliceResult = .slice(target, start, stop, step)
                } else {
                    throw unsupported("tuple subscripts with slices are not supported")
                }
            } else if let start {
                parts.append(start)
            }
        }
        advance()
        if let sliceResult {
            if isTuple { throw unsupported("tuple subscripts with slices are not supported") }
            return sliceResult
        }
        if parts.isEmpty { throw fail("expected subscript expression") }
        return .getItem(target, isTuple ? .tuple(parts) : parts[0])
    }

    private mutating func parseCallArgs() throws -> CallArgs {
        try expectOp("(")
        var args = CallArgs()
        var first = true
        while !isOp(")") {
            if !first { try expectOp(",") }
            if isOp(")") { break }
            first = false
            if isOp("*") {
                advance()
                args.starArgs = try parseExpression()
            } else if isOp("**") {
                advance()
                args.starKwargs = try parseExpression()
            } else if case .name(let n) = current.kind, isOp("=", peek()) {
                if args.keywords.contains(where: { $0.0 == n }) { throw fail("keyword argument repeated: \(n)") }
                advance()
                advance()
                args.keywords.append((n, try parseExpression()))
            } else {
                if !args.keywords.isEmpty || args.starKwargs != nil || args.starArgs != nil {
                    throw fail("Invalid argument syntax for call")
                }
                args.positional.append(try parseExpression())
            }
        }
        advance()
        return args
    }

    private mutating func parseFilterCall(leadingPipe: Bool = true) throws -> FilterCall {
        if leadingPipe { try expectOp("|") }
        let l = line
        var name = try expectIdentifier()
        while isOp(".") {
            advance()
            name += "." + (try expectIdentifier())
        }
        var args = CallArgs()
        if isOp("(") { args = try parseCallArgs() }
        if name == "map", case .literal(.string(let inner))? = args.positional.first, Filters.unsupported.contains(inner) {
            throw unsupported("the '\(inner)' filter is not supported", line: l)
        }
        guard let fn = Filters.lookup(name) else {
            if Filters.unsupported.contains(name) {
                throw unsupported("the '\(name)' filter is not supported", line: l)
            }
            if !soft { pendingUnknown.append(unsupported("No filter named '\(name)'.", line: l)) }
            let message = "No filter named '\(name)' found."
            return FilterCall(
                name: name, function: { _, _, _ in throw TemplateError(.runtime, message) }, args: args, line: l)
        }
        return FilterCall(name: name, function: fn, args: args, line: l)
    }

    private mutating func parseFilterExpr(_ start: Expr) throws -> Expr {
        var e = start
        while true {
            if isOp("|") {
                e = .filter(e, try parseFilterCall())
            } else if isName("is") {
                advance()
                e = try parseTest(e)
            } else if isOp("(") {
                let l = line
                try rejectMutatingCall(e, line: l)
                e = .call(e, try parseCallArgs(), line: l)
            } else {
                return e
            }
        }
    }

    private mutating func parseTest(_ subject: Expr) throws -> Expr {
        let negated = skipName("not")
        let l = line
        var name = try expectIdentifier()
        while isOp(".") {
            advance()
            name += "." + (try expectIdentifier())
        }
        var args = CallArgs()
        if isOp("(") {
            args = try parseCallArgs()
        } else {
            switch current.kind {
            case .name(let n) where !["else", "or", "and"].contains(n):
                if n == "is" { throw fail("You cannot chain multiple tests with is") }
                args.positional = [try parsePostfix(try parsePrimary())]
            case .string, .integer, .bigInteger, .float, .op("("), .op("["), .op("{"):
                args.positional = [try parsePostfix(try parsePrimary())]
            default: break
            }
        }
        guard let fn = Tests.lookup(name) else {
            if !soft { pendingUnknown.append(unsupported("No test named '\(name)'.", line: l)) }
            let message = "No test named '\(name)' found."
            return .test(
                subject,
                TestCall(
                    name: name, function: { _, _, _ in throw TemplateError(.runtime, message) }, args: args,
                    negated: negated, line: l))
        }
        return .test(subject, TestCall(name: name, function: fn, args: args, negated: negated, line: l))
    }
}
