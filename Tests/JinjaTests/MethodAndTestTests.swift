import Testing

@testable import Jinja

/// MethodAndTestTests: expected strings were rendered by Python's jinja2 3.1 (SandboxedEnvironment, trim_blocks, keep_trailing_newline).
@Suite struct MethodAndTestTests {
    @Test("string methods") func stringMethods() throws {
        let env = Environment()
        let out = try env.template(source: "{{ ' a  b '.split() }} {{ 'a,b,c'.split(',', 1) }} {{ 'a,b,c'.rsplit(',', 1) }} {{ 'a\\nb'.splitlines() }} {{ 'abc'.startswith(('x', 'a')) }} {{ 'hello'.replace('l', 'L', 1) }} {{ 'hello'.find('l') }} {{ 'hello'.rfind('l') }} {{ 'hello'.count('l') }}").render([:])
        #expect(out == "['a', 'b'] ['a', 'b,c'] ['a,b', 'c'] ['a', 'b'] True heLlo 2 3 2")
    }

    @Test("string formatting methods") func stringFormattingMethods() throws {
        let env = Environment()
        let out = try env.template(source: "{{ '{} and {}'.format(1, 'x') }} {{ '{name:>5}'.format(name='z') }} {{ '{:.2f}'.format(3.14159) }} {{ '%s-%05.1f' % ('a', 2.25) }} {{ '42'.zfill(5) }} {{ 'ab'.center(6, '*') }} {{ 'ab'.ljust(4, '.') }}").render([:])
        #expect(out == "1 and x     z 3.14 a-002.2 00042 **ab** ab..")
    }

    @Test("dict methods") func dictMethods() throws {
        let env = Environment()
        let out = try env.template(source: "{{ d.get('a') }} {{ d.get('z', 0) }} {{ d.keys()|list }} {{ d.values()|list }} {{ d.items()|list }}").render(["d": .dict(JinjaDict([("a", .int(1)), ("b", .int(2))]))])
        #expect(out == "1 0 ['a', 'b'] [1, 2] [('a', 1), ('b', 2)]")
    }

    @Test("tests") func tests() throws {
        let env = Environment()
        let out = try env.template(source: "{{ x is defined }} {{ y is undefined }} {{ none is none }} {{ 3 is divisibleby 3 }} {{ 4 is even }} {{ 'A' is upper }} {{ {} is mapping }} {{ 1 is number }} {{ 'a' is string }} {{ 1 is not none }} {{ 2 is gt 1 }} {{ 1 is in [1] }} {{ range is callable }}").render(["x": .int(1)])
        #expect(out == "True True True True True True True True True True True True True")
    }

    @Test("globals range and dict") func globalsRangeAndDict() throws {
        let env = Environment()
        let out = try env.template(source: "{{ range(3)|list }} {{ range(1, 10, 3)|list }} {{ range(3) }} {{ dict(a=1, b=2) }}").render([:])
        #expect(out == "[0, 1, 2] [1, 4, 7] range(0, 3) {'a': 1, 'b': 2}")
    }

    @Test("sandbox hides internals") func sandboxHidesInternals() throws {
        let env = Environment()
        let out = try env.template(source: "[{{ x.__class__ }}][{{ ''.__class__ }}][{{ x._private }}]").render(["x": .dict(JinjaDict([("a", .int(1))]))])
        #expect(out == "[][][]")
    }
}
