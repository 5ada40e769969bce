import Testing

@testable import Jinja

/// StatementTests: expected strings were rendered by Python's jinja2 3.1 (SandboxedEnvironment, trim_blocks, keep_trailing_newline).
@Suite struct StatementTests {
    @Test("for loop variables") func forLoopVariables() throws {
        let env = Environment()
        let out = try env.template(source: "{% for i in 'abc' %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.first }}{{ loop.last }}{{ loop.length }};{% endfor %}").render([:])
        #expect(out == "103TrueFalse3;212FalseFalse3;321FalseTrue3;")
    }

    @Test("for with filter and else") func forWithFilterAndElse() throws {
        let env = Environment()
        let out = try env.template(source: "{% for i in range(6) if i is even %}{{ i }}/{{ loop.length }} {% endfor %}{% for x in [] %}x{% else %}empty{% endfor %}").render([:])
        #expect(out == "0/3 2/3 4/3 empty")
    }

    @Test("loop cycle previtem nextitem") func loopCyclePrevitemNextitem() throws {
        let env = Environment()
        let out = try env.template(source: "{% for i in [1, 2, 3] %}{{ loop.cycle('a', 'b') }}{{ loop.previtem }}-{{ loop.nextitem }};{% endfor %}").render([:])
        #expect(out == "a-2;b1-3;a2-;")
    }

    @Test("tuple unpacking") func tupleUnpacking() throws {
        let env = Environment()
        let out = try env.template(source: "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}").render(["d": .dict(JinjaDict([("x", .int(1)), ("y", .int(2))]))])
        #expect(out == "x=1;y=2;")
    }

    @Test("set in a loop does not leak but namespace does") func setInALoopDoesNotLeakButNamespaceDoes() throws {
        let env = Environment()
        let out = try env.template(source: "{% set t = 0 %}{% set ns = namespace(t=0) %}{% for i in [1, 2, 3] %}{% set t = t + i %}{% set ns.t = ns.t + i %}{% endfor %}{{ t }} {{ ns.t }}").render([:])
        #expect(out == "0 6")
    }

    @Test("block set with filter") func blockSetWithFilter() throws {
        let env = Environment()
        let out = try env.template(source: "{% set x | upper %}hello {{ 1 }}{% endset %}[{{ x }}]").render([:])
        #expect(out == "[HELLO 1]")
    }

    @Test("macros with defaults varargs kwargs") func macrosWithDefaultsVarargsKwargs() throws {
        let env = Environment()
        let out = try env.template(source: "{% macro m(a, b=2) %}{{ a }}{{ b }}{{ varargs }}{{ kwargs }}{% endmacro %}{{ m(1) }}|{{ m(1, 3, 4, k=5) }}").render([:])
        #expect(out == "12(){}|13(4,){'k': 5}")
    }

    @Test("call block passes caller") func callBlockPassesCaller() throws {
        let env = Environment()
        let out = try env.template(source: "{% macro box(t) %}[{{ t }}: {{ caller('x') }}]{% endmacro %}{% call(v) box('T') %}got {{ v }}{% endcall %}").render([:])
        #expect(out == "[T: got x]")
    }

    @Test("filter block") func filterBlock() throws {
        let env = Environment()
        let out = try env.template(source: "{% filter upper %}abc {{ 'def' }}{% endfilter %}").render([:])
        #expect(out == "ABC DEF")
    }

    @Test("with block scopes") func withBlockScopes() throws {
        let env = Environment()
        let out = try env.template(source: "{% with a = 1, b = 2 %}{{ a + b }}{% endwith %}[{{ a }}]").render([:])
        #expect(out == "3[]")
    }

    @Test("recursive loop") func recursiveLoop() throws {
        let env = Environment()
        let out = try env.template(source: "{% for n in tree recursive %}{{ n.name }}{% if n.children %}({{ loop(n.children) }}){% endif %}{% endfor %}").render(["tree": .list([.dict(JinjaDict([("name", .string("a")), ("children", .list([.dict(JinjaDict([("name", .string("b"))])), .dict(JinjaDict([("name", .string("c"))]))]))])), .dict(JinjaDict([("name", .string("d"))]))])])
        #expect(out == "a(bc)d")
    }

    @Test("include import and from import") func includeImportAndFromImport() throws {
        let env = Environment(loader: DictionaryLoader(["inc": "INC {{ v }}", "mac": "{% macro hi(n) %}hi {{ n }}{% endmacro %}"]))
        let out = try env.template(source: "{% include 'inc' %}|{% import 'mac' as m %}{{ m.hi('x') }}|{% from 'mac' import hi as h %}{{ h('y') }}|{% include 'missing' ignore missing %}").render(["v": .int(7)])
        #expect(out == "INC 7|hi x|hi y|")
    }

    @Test("in-place list and dict methods are refused at load") func mutatingMethodsAreRefused() throws {
        let env = Environment()
        for method in ["append(2)", "extend([2])", "insert(0, 2)", "remove(1)", "pop()", "clear()", "sort()", "reverse()",
                       "update(b=2)", "setdefault('b', 2)", "popitem()"] {
            #expect(throws: TemplateError.self, "\(method)") { try env.template(source: "{% set l = [1] %}{{ l.\(method) }}") }
        }
        // Non-mutating methods, and mutator names used as plain attributes or keys, still work.
        let out = try env.template(source: "{% set d = {'a': 1} %}{{ d.get('a') }} {{ [1, 2, 1].count(1) }} {{ d.items() | list }} {{ {'pop': 3}['pop'] }}").render([:])
        #expect(out == "1 2 [('a', 1)] 3")
        // A mutator reached indirectly still refuses instead of silently mutating a copy.
        #expect(throws: TemplateError.self) {
            try env.template(source: "{% set l = [1] %}{% set f = l.append %}{{ f(2) }}").render([:])
        }
    }

    @Test("loop scopes start empty each iteration") func loopScopesStartEmpty() throws {
        let out = try Environment().template(
            source: "{% for x in [5, 6] %}{% set y = x * 2 %}{{ loop.index }}:{{ x }}:{{ y }} {% endfor %}|{% for x in [1, 2] %}{% if loop.first %}{% set z = 9 %}{% endif %}{{ z }}{{ x }}{{ loop.length }} {% endfor %}"
        ).render([:])
        #expect(out == "1:5:10 2:6:12 |912 22 ")  // jinja2 3.1
    }

    @Test("cycler and joiner") func cyclerAndJoiner() throws {
        let env = Environment()
        let out = try env.template(source: "{% set c = cycler('a', 'b') %}{{ c.next() }}{{ c.next() }}{{ c.next() }} {% set j = joiner('/') %}{% for i in [1, 2] %}{{ j() }}{{ i }}{% endfor %}").render([:])
        #expect(out == "aba 1/2")
    }
}

/// One parsed template rendered from many tasks at once: renders share nothing mutable.
@Suite struct ConcurrencyTests {
    @Test("concurrent renders of one template agree")
    func concurrentRenders() async throws {
        let template = try Environment().template(
            source: "{% set ns = namespace(n=0) %}{% for m in msgs %}{% set ns.n = ns.n + 1 %}{{ m|upper }}{% endfor %}{{ ns.n }}")
        let results = try await withThrowingTaskGroup(of: String.self) { group in
            for i in 0..<32 {
                group.addTask { try template.render(["msgs": .list([.string("a\(i)"), .string("b")])]) }
            }
            var out: [String] = []
            for try await r in group { out.append(r) }
            return out
        }
        #expect(results.count == 32)
        for r in results { #expect(r.hasSuffix("B2") && r.hasPrefix("A")) }
    }
}

/// jinja2's root-frame binding: a name first assigned at the top level is "missing" in nested blocks
/// until the assignment runs, even when the context has it (expected strings from jinja2).
@Suite struct RootScopeTests {
    func render(_ source: String) throws -> String {
        try Environment().template(source: source).render(["x": 3])
    }

    @Test("nested blocks before a top-level set see undefined")
    func shadowed() throws {
        #expect(try render("{{ x }}{% set x = 5 %}{{ x }}") == "35")
        #expect(try render("{% for i in [1] %}[{{ x }}]{% endfor %}{% set x = 5 %}") == "[]")
        #expect(try render("{% if true %}[{{ x }}]{% endif %}{% set x = 5 %}") == "[3]")
        #expect(try render("{% for i in [1] %}[{{ x }}]{% endfor %}{% if false %}{% set x = 5 %}{% endif %}") == "[3]")
        #expect(try render("{% macro m() %}[{{ x }}]{% endmacro %}{{ m() }}{% set x = 5 %}{{ m() }}") == "[][5]")
    }
}
