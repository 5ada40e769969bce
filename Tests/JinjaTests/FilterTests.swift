import Testing

@testable import Jinja

/// FilterTests: expected strings were rendered by Python's jinja2 3.1 (SandboxedEnvironment, trim_blocks, keep_trailing_newline).
@Suite struct FilterTests {
    @Test("text filters") func textFilters() throws {
        let env = Environment()
        let out = try env.template(source: "{{ 'hello world'|title }} {{ 'hELLO'|capitalize }} {{ '  x '|trim }}|{{ 'xxhixx'|trim('x') }} {{ 'aaa'|replace('a', 'b', 2) }} {{ 'ab'|center(6) }}|").render([:])
        #expect(out == "Hello World Hello x|hi bba   ab  |")
    }

    @Test("truncate leeway") func truncateLeeway() throws {
        let env = Environment()
        let out = try env.template(source: "{{ 'The quick brown fox jumps'|truncate(12) }}|{{ 'abcdefghijklmn'|truncate(10) }}|{{ 'abcdefghijklmnopqrs'|truncate(10, true) }}").render([:])
        #expect(out == "The...|abcdefghijklmn|abcdefg...")
    }

    /// upper/trim/truncate/join/default with constant arguments are specialised at load for plain ASCII strings;
    /// everything else must still behave like the generic filter.
    @Test("specialised filters fall back to the generic ones") func specialisedFilterFallbacks() throws {
        let env = Environment()
        func render(_ source: String) throws -> String { try env.template(source: source).render([:]) }
        #expect(try render("{{ 'straße'|upper }}|{{ 'abc'|safe|upper }}|{{ 5|upper }}|{{ 'ABC'|upper }}|{{ x|upper }}|")
            == "STRASSE|ABC|5|ABC||")
        #expect(try render("{{ '  a b  '|trim }}|{{ 5|trim }}|{{ ' <b> '|safe|trim }}|{{ '\u{00a0}x\u{2003}'|trim }}|")
            == "a b|5|<b>|x|")
        #expect(
            try render(
                "{{ 'héllo wörld and more text'|truncate(10) }}|{{ 'abcdefghijklmnopqrstuvwxyz'|truncate(10) }}|{{ 'hello world foo bar baz'|truncate(10) }}|{{ 'short'|truncate(10) }}|{{ [1, 2]|truncate(10) }}|{{ x|truncate(10) }}|"
            ) == "héllo...|abcdefg...|hello...|short|[1, 2]||")
        #expect(try render("{{ [1, 2]|join(', ') }}|{{ ['a', 'b']|join(', ') }}|{{ []|join(', ') }}|{{ 'abc'|join('-') }}|{{ ['<a>'|safe, 'b']|join(', ') }}|")
            == "1, 2|a, b||a-b-c|<a>, b|")
        #expect(try render("{{ x|default('d') }}|{{ none|default('d') }}|{{ ''|d('e') }}|{{ 0|default(1) }}|") == "d|None||0|")
        #expect(throws: TemplateError.self) { try render("{{ 3|truncate(10) }}") }
    }

    @Test("wordwrap and indent") func wordwrapAndIndent() throws {
        let env = Environment()
        let out = try env.template(source: "{{ 'The quick brown fox jumps over the lazy dog'|wordwrap(12) }}|{{ 'a\\nb\\n\\nc'|indent(2) }}|{{ 'a\\nb'|indent('> ', first=true) }}").render([:])
        #expect(out == "The quick\nbrown fox\njumps over\nthe lazy dog|a\n  b\n\n  c|> a\n> b")
    }

    @Test("tojson sorts keys and escapes html") func tojsonSortsKeysAndEscapesHtml() throws {
        let env = Environment()
        let out = try env.template(source: "{{ {'b': 1, 'a': ['<x>', \"it's\", 'é']}|tojson }}|{{ [1, {'k': none}]|tojson(indent=2) }}").render([:])
        #expect(out == "{\"a\": [\"\\u003cx\\u003e\", \"it\\u0027s\", \"\\u00e9\"], \"b\": 1}|[\n  1,\n  {\n    \"k\": null\n  }\n]")
    }

    @Test("escape and safe") func escapeAndSafe() throws {
        let env = Environment()
        let out = try env.template(source: "{{ '<a href=\"x\">'|e }} {{ '<b>'|safe }} {{ '<b>'|e|e }}").render([:])
        #expect(out == "&lt;a href=&#34;x&#34;&gt; <b> &lt;b&gt;")
    }

    @Test("sequence filters") func sequenceFilters() throws {
        let env = Environment()
        let out = try env.template(source: "{{ [3, 1, 2]|sort }} {{ ['b', 'A', 'c']|sort }} {{ [1, 2, 2, 1]|unique|list }} {{ [3, 1, 2]|min }} {{ [3, 1, 2]|max }} {{ [1, 2, 3]|sum }} {{ [1, 2]|reverse|list }} {{ 'abc'|list }}").render([:])
        #expect(out == "[1, 2, 3] ['A', 'b', 'c'] [1, 2] 1 3 6 [2, 1] ['a', 'b', 'c']")
    }

    @Test("attribute filters") func attributeFilters() throws {
        let env = Environment()
        let out = try env.template(source: "{{ users|sort(attribute='age')|map(attribute='name')|join(',') }} {{ users|selectattr('active')|map(attribute='name')|list }} {{ users|rejectattr('age', 'gt', 30)|map(attribute='name')|list }} {{ users|sum(attribute='age') }}").render(["users": .list([.dict(JinjaDict([("name", .string("Ann")), ("age", .int(31)), ("active", .bool(true))])), .dict(JinjaDict([("name", .string("bob")), ("age", .int(25)), ("active", .bool(false))]))])])
        #expect(out == "bob,Ann ['Ann'] ['bob'] 56")
    }

    @Test("groupby returns grouper and list") func groupbyReturnsGrouperAndList() throws {
        let env = Environment()
        let out = try env.template(source: "{% for g in users|groupby('active') %}{{ g.grouper }}:{{ g.list|map(attribute='name')|join(',') }};{% endfor %}{{ users|groupby('active')|map(attribute='grouper')|list }}").render(["users": .list([.dict(JinjaDict([("name", .string("Ann")), ("active", .bool(true))])), .dict(JinjaDict([("name", .string("bob")), ("active", .bool(false))])), .dict(JinjaDict([("name", .string("Cy")), ("active", .bool(true))]))])])
        #expect(out == "False:bob;True:Ann,Cy;[False, True]")
    }

    @Test("dictsort items batch slice") func dictsortItemsBatchSlice() throws {
        let env = Environment()
        let out = try env.template(source: "{{ {'b': 1, 'a': 2}|dictsort }} {{ {'b': 1, 'a': 2}|dictsort(by='value') }} {{ {'k': 1}|items|list }} {{ [1, 2, 3, 4, 5]|batch(2, 0)|list }} {{ [1, 2, 3, 4, 5]|slice(2)|list }}").render([:])
        #expect(out == "[('a', 2), ('b', 1)] [('b', 1), ('a', 2)] [('k', 1)] [[1, 2], [3, 4], [5, 0]] [[1, 2, 3], [4, 5]]")
    }

    @Test("numeric filters") func numericFilters() throws {
        let env = Environment()
        let out = try env.template(source: "{{ 2.5|round }} {{ 3.5|round }} {{ 2.675|round(2) }} {{ 2.1|round(0, 'ceil') }} {{ '42'|int }} {{ '4.7'|int }} {{ 'x'|int(7) }} {{ 'ff'|int(base=16) }} {{ '3.5'|float }} {{ -3|abs }}").render([:])
        #expect(out == "2.0 4.0 2.67 3.0 42 4 7 255 3.5 3")
    }

    @Test("default and length") func defaultAndLength() throws {
        let env = Environment()
        let out = try env.template(source: "{{ missing|default('d') }} {{ ''|default('e', true) }} {{ none|default('n') }} {{ missing|length }} {{ 'abc'|length }} {{ [1, 2]|count }}").render([:])
        #expect(out == "d e None 0 3 2")
    }

    @Test("format urlencode striptags wordcount") func formatUrlencodeStriptagsWordcount() throws {
        let env = Environment()
        let out = try env.template(source: "{{ '%s is %d'|format('x', 4) }} {{ 'a b&c'|urlencode }} {{ {'q': 'a b'}|urlencode }} {{ '<p>Hi <b>there</b></p> &amp; x'|striptags }} {{ 'one two, three'|wordcount }}").render([:])
        #expect(out == "x is 4 a%20b%26c q=a+b Hi there & x 3")
    }

    @Test("map select reject with names") func mapSelectRejectWithNames() throws {
        let env = Environment()
        let out = try env.template(source: "{{ ['a', 'b']|map('upper')|list }} {{ [1, 2, 3, 4]|select('odd')|list }} {{ [1, 2, 3, 4]|reject('gt', 2)|list }} {{ [0, 1, '', 'x']|select|list }}").render([:])
        #expect(out == "['A', 'B'] [1, 3] [1, 2] [1, 'x']")
    }
}

/// Filters that return Python iterators behave like them (expected results from jinja2).
@Suite struct IteratorTests {
    func render(_ source: String) throws -> String {
        try Environment().template(source: source).render([
            "users": [["name": "a", "on": true], ["name": "b", "on": false]], "d": ["k": 1],
        ])
    }

    @Test("iterators are truthy, lazy, single-use and unsized")
    func iteratorSemantics() throws {
        #expect(try render("{% if users|selectattr('missing') %}yes{% endif %}") == "yes")
        #expect(try render("{{ [1, 'a']|select('odd')|first }}") == "1")
        #expect(try render("{% set g = users|map(attribute='name') %}{{ g|join }}|{{ g|join }}") == "ab|")
        #expect(throws: TemplateError.self) { try render("{{ users|selectattr('on')|length }}") }
        #expect(throws: TemplateError.self) { try render("{{ users|selectattr('on') }}") }
        #expect(try render("{{ users|selectattr('on')|list|length }}") == "1")
    }

    @Test("dict views print like Python and are not subscriptable")
    func dictViews() throws {
        #expect(try render("{{ d.items() }} {{ d.keys() }} {{ d.values() }} {{ d.items()|length }} [{{ d.keys()[0] }}]")
            == "dict_items([('k', 1)]) dict_keys(['k']) dict_values([1]) 1 []")
        #expect(try render("{{ {}.items() is sameas false }}{% if {}.keys() %}x{% else %}empty{% endif %}") == "Falseempty")
    }
}
