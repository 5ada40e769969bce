import Testing

@testable import Jinja

/// WhitespaceTests: expected strings were rendered by Python's jinja2 3.1 (SandboxedEnvironment, trim_blocks, keep_trailing_newline).
@Suite struct WhitespaceTests {
    @Test("trim blocks removes the newline after a block tag") func trimBlocksRemovesTheNewlineAfterABlockTag() throws {
        let env = Environment()
        let out = try env.template(source: "{% if true %}\nA\n{% endif %}\nB\n").render([:])
        #expect(out == "A\nB\n")
    }

    @Test("minus modifiers strip surrounding whitespace") func minusModifiersStripSurroundingWhitespace() throws {
        let env = Environment()
        let out = try env.template(source: "a  {%- if true %} b {% endif -%}  c").render([:])
        #expect(out == "a b c")
    }

    @Test("expression minus modifiers") func expressionMinusModifiers() throws {
        let env = Environment()
        let out = try env.template(source: "x  {{- ' y ' -}}  z").render([:])
        #expect(out == "x y z")
    }

    @Test("comments take trim blocks and strip markers") func commentsTakeTrimBlocksAndStripMarkers() throws {
        let env = Environment()
        let out = try env.template(source: "a\n{# note #}\nb {#- c -#}\n  c").render([:])
        #expect(out == "a\nbc")
    }

    @Test("plus disables trim blocks") func plusDisablesTrimBlocks() throws {
        let env = Environment()
        let out = try env.template(source: "{% for i in [1, 2] +%}\n{{ i }}{% endfor %}").render([:])
        #expect(out == "\n1\n2")
    }

    @Test("keep trailing newline") func keepTrailingNewline() throws {
        let env = Environment()
        let out = try env.template(source: "{{ 1 }}\n").render([:])
        #expect(out == "1\n")
    }

    @Test("raw block keeps tags verbatim") func rawBlockKeepsTagsVerbatim() throws {
        let env = Environment()
        let out = try env.template(source: "{% raw %}{{ not evaluated }}{% endraw %}\nz").render([:])
        #expect(out == "{{ not evaluated }}z")
    }

    @Test("CRLF line endings are normalised") func crlfLineEndingsAreNormalised() throws {
        let env = Environment()
        let out = try env.template(source: "a\r\n{% if true %}\r\nb\r\n{% endif %}\r\n").render([:])
        #expect(out == "a\nb\n")
    }
}
