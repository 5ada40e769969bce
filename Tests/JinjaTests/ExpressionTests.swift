import Testing

@testable import Jinja

/// ExpressionTests: expected strings were rendered by Python's jinja2 3.1 (SandboxedEnvironment, trim_blocks, keep_trailing_newline).
@Suite struct ExpressionTests {
    @Test("arithmetic follows Python") func arithmeticFollowsPython() throws {
        let env = Environment()
        let out = try env.template(source: "{{ 7 // 2 }} {{ -7 // 2 }} {{ -7 % 3 }} {{ 7 % -3 }} {{ 7 / 2 }} {{ 4 / 2 }} {{ 2 ** 10 }} {{ 2 ** -1 }}").render([:])
        #expect(out == "3 -4 2 -2 3.5 2.0 1024 0.5")
    }

    @Test("float repr like Python") func floatReprLikePython() throws {
        let env = Environment()
        let out = try env.template(source: "{{ 1e16 }} {{ 1e15 }} {{ 0.1 + 0.2 }} {{ 1.0 }} {{ 1e-5 }} {{ 0.0001 }} {{ 2.5e-7 }} {{ 1e300 * 1e10 }}").render([:])
        #expect(out == "1e+16 1000000000000000.0 0.30000000000000004 1.0 1e-05 0.0001 2.5e-07 inf")
    }

    @Test("sequence arithmetic") func sequenceArithmetic() throws {
        let env = Environment()
        let out = try env.template(source: "{{ 'ab' * 2 }} {{ [1] + [2] }} {{ (1,) + (2,) }} {{ 'a' ~ 1 ~ none }}").render([:])
        #expect(out == "abab [1, 2] (1, 2) a1None")
    }

    @Test("comparisons chain") func comparisonsChain() throws {
        let env = Environment()
        let out = try env.template(source: "{{ 1 < 2 < 3 }} {{ 1 < 3 < 2 }} {{ 1 == 1.0 }} {{ [1, 2] < [1, 3] }} {{ 'a' in 'cat' }} {{ 3 not in [1, 2] }}").render([:])
        #expect(out == "True False True True True True")
    }

    @Test("and or return operands") func andOrReturnOperands() throws {
        let env = Environment()
        let out = try env.template(source: "{{ 0 or 'x' }} {{ 1 and 'y' }} {{ none or [] }} {{ not 0 }}").render([:])
        #expect(out == "x y [] True")
    }

    @Test("conditional expression without else is undefined") func conditionalExpressionWithoutElseIsUndefined() throws {
        let env = Environment()
        let out = try env.template(source: "[{{ 'a' if false }}] {{ 'b' if true else 'c' }}").render([:])
        #expect(out == "[] b")
    }

    @Test("subscripts and slices") func subscriptsAndSlices() throws {
        let env = Environment()
        let out = try env.template(source: "{{ l[1:3] }} {{ l[::-1] }} {{ l[-1] }} {{ 'hello'[1:-1] }} {{ 'hello'[::2] }} {{ l.0 }}").render(["l": .list([.int(1), .int(2), .int(3), .int(4)])])
        #expect(out == "[2, 3] [4, 3, 2, 1] 4 ell hlo 1")
    }

    @Test("str of containers") func strOfContainers() throws {
        let env = Environment()
        let out = try env.template(source: "{{ {'a': [1, (2,), ()], 'b': none, 'c': true} }} {{ ['it\\'s', 'say \"hi\"', 'a\\nb'] }}").render([:])
        #expect(out == "{'a': [1, (2,), ()], 'b': None, 'c': True} [\"it's\", 'say \"hi\"', 'a\\nb']")
    }

    @Test("string literal escapes") func stringLiteralEscapes() throws {
        let env = Environment()
        let out = try env.template(source: "{{ 'tab\\there' }}|{{ '\\x41\\u00e9' }}|{{ 'a' 'b' }}").render([:])
        #expect(out == "tab\there|Aé|ab")
    }

    @Test("attribute falls back to item") func attributeFallsBackToItem() throws {
        let env = Environment()
        let out = try env.template(source: "{{ d.a }} {{ d['a'] }} {{ d.b.c }} {{ d.missing }}|").render(["d": .dict(JinjaDict([("a", .int(1)), ("b", .dict(JinjaDict([("c", .int(2))])))]))])
        #expect(out == "1 1 2 |")
    }
}
