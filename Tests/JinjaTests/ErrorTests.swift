import Foundation
import Testing

@testable import Jinja

/// Errors: unsupported constructs fail at load, runtime errors name jinja2's message, template and line.
@Suite struct ErrorTests {
    func loadError(_ source: String) -> TemplateError? {
        do {
            _ = try Environment().template(source: source, name: "t.jinja2")
            return nil
        } catch let e as TemplateError {
            return e
        } catch {
            return nil
        }
    }

    func renderError(_ source: String, _ context: [String: JinjaValue] = [:]) -> TemplateError? {
        do {
            _ = try Environment().template(source: source, name: "t.jinja2").render(context)
            return nil
        } catch let e as TemplateError {
            return e
        } catch {
            return nil
        }
    }

    @Test("unsupported constructs fail at load time with their line")
    func unsupportedAtLoad() {
        for source in [
            "a\n{{ x | random }}", "a\n{% extends 'base' %}", "a\n{% do x.append(1) %}", "a\n{{ x | nosuchfilter }}",
            "a\n{{ x is nosuchtest }}", "a\n{% for i in x %}{% break %}{% endfor %}", "a\n{{ lipsum() }}",
        ] {
            let e = loadError(source)
            #expect(e?.kind == .unsupported, "\(source)")
            #expect(e?.line == 2, "\(source)")
        }
    }

    @Test("in-place list/dict method calls fail at load with the method, the line and an alternative")
    func mutatingMethodAtLoad() throws {
        let e = loadError("{% set items = [] %}\n{% for x in xs %}\n{% set _ = items.append(x) %}{% endfor %}")
        #expect(e?.kind == .unsupported)
        #expect(e?.line == 3)
        #expect(e?.message.contains("calling '.append()' changes a list in place, which Flowgate templates do not support") == true)
        #expect(e?.message.contains("{% set items = items + [x] %}") == true)
        let u = loadError("{% set d = {} %}{{ d.update(a=1) }}")
        #expect(u?.line == 1)
        #expect(u?.message.contains("'.update()' changes a dict in place") == true)
        // Refused even where it would never run, like other unsupported constructs: at load, not mid-render.
        #expect(loadError("{% if false %}{{ x.pop() }}{% endif %}")?.kind == .unsupported)
    }

    @Test("unknown filters inside if blocks fail only when they run, as in jinja2")
    func deferredUnknownFilter() throws {
        let t = try Environment().template(source: "{% if false %}{{ x | shout }}{% endif %}ok")
        #expect(try t.render([:]) == "ok")
    }

    @Test("syntax errors carry name and line")
    func syntaxErrors() {
        let e = loadError("line one\n{% if x %}\nno end")
        #expect(e?.kind == .syntax)
        #expect(e?.templateName == "t.jinja2")
        #expect(loadError("{{ 007 }}")?.kind == .syntax)
        #expect(loadError("{% macro m(a=1, b) %}{% endmacro %}")?.kind == .syntax)
        #expect(loadError("{{ 'unterminated }}")?.kind == .syntax)
    }

    @Test("undefined errors use jinja2's messages")
    func undefinedMessages() {
        let a = renderError("{{ x.y }}")
        #expect(a?.kind == .undefined)
        #expect(a?.message == "'x' is undefined")
        #expect(a?.description == "t.jinja2:1: UndefinedError: 'x' is undefined")
        let b = renderError("{{ d.missing.z }}", ["d": ["a": 1]])
        #expect(b?.message == "'dict object' has no attribute 'missing'")
        let c = renderError("{{ [1][3].z }}")
        #expect(c?.message == "list object has no element 3")
    }

    @Test("runtime errors report the line")
    func runtimeLine() {
        let e = renderError("a\n{{ 1 + 'a' }}")
        #expect(e?.kind == .type)
        #expect(e?.line == 2)
        #expect(e?.message == "unsupported operand type(s) for +: 'int' and 'str'")
        #expect(renderError("{% macro m(a) %}{% endmacro %}{{ m(1, 2) }}")?.message
            == "macro 'm' takes not more than 1 argument(s)")
    }

    @Test("the file system loader refuses names outside its root")
    func fileSystemLoaderContainment() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("jinja-loader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try "inner {{ v }}".write(to: root.appendingPathComponent("sub/a.jinja2"), atomically: true, encoding: .utf8)
        let outside = root.deletingLastPathComponent().appendingPathComponent("outside-\(UUID().uuidString).txt")
        try "secret".write(to: outside, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: outside) }
        try FileManager.default.createSymbolicLink(
            at: root.appendingPathComponent("link.txt"), withDestinationURL: outside)

        let env = Environment(loader: FileSystemLoader(root: root))
        #expect(try env.template(named: "sub/a.jinja2").render(["v": 1]) == "inner 1")
        let outer = try env.template(source: "{% include 'sub/a.jinja2' %}!")
        #expect(try outer.render(["v": 2]) == "inner 2!")
        for name in ["../\(outside.lastPathComponent)", outside.path, "link.txt", "sub/../../x"] {
            #expect(throws: TemplateError.self) { try env.template(named: name) }
        }
        #expect(throws: TemplateError.self) { try env.template(named: "missing.jinja2") }
    }

    @Test("JSON parsing keeps key order and number kinds")
    func jsonParsing() throws {
        let v = try JinjaValue(json: #"{"b": 1, "a": [1.5, true, null, "x\u00e9"], "c": {"z": 1, "y": 2}}"#)
        let t = try Environment().template(source: "{{ v }} {{ v.c|list }}")
        #expect(try t.render(["v": v]) == "{'b': 1, 'a': [1.5, True, None, 'xé'], 'c': {'z': 1, 'y': 2}} ['z', 'y']")
        #expect(throws: TemplateError.self) { try JinjaValue(json: "{\"a\": }") }
    }
}

/// Error lines point at the failing statement, as jinja2's tracebacks do.
@Suite struct ErrorLineTests {
    func line(_ source: String) -> Int? {
        do {
            _ = try Environment().template(source: source, name: "t").render([:])
            return nil
        } catch let e as TemplateError {
            return e.line
        } catch {
            return nil
        }
    }

    @Test("lines inside loops, outputs and macros")
    func lines() {
        #expect(line("a\n{% for i in [1] %}\nx\n{{ i + 'a' }}\n{% endfor %}") == 4)
        #expect(line("a\nb {{ x.y.z }}\n") == 2)
        #expect(line("{% macro m() %}\n{{ 1/0 }}\n{% endmacro %}\n\n{{ m() }}") == 2)
    }
}

/// Untrusted templates cannot exhaust memory or the stack: oversized builds fail with a TemplateError.
@Suite struct SandboxLimitTests {
    func fails(_ source: String) -> Bool {
        do {
            _ = try Environment().template(source: source).render([:])
            return false
        } catch is TemplateError {
            return true
        } catch {
            return false
        }
    }

    @Test("oversized repetition, padding and ranges are refused")
    func oversized() {
        #expect(fails("{{ 'x' * 1000000000000 }}"))
        #expect(fails("{{ [1, 2] * 1000000000000 }}"))
        #expect(fails("{{ 'x'.center(1000000000000) }}"))
        #expect(fails("{{ '{:1000000000000}'.format('x') }}"))
        #expect(fails("{{ range(1000000000) | length }}"))
        #expect(fails("{{ [1] | slice(1000000000) | list }}"))
    }

    @Test("deep nesting is a syntax error, not a stack overflow")
    func deepNesting() {
        let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        #expect(fails("{{ \(deep) }}"))
        #expect(fails(String(repeating: "{% if true %}", count: 2000) + String(repeating: "{% endif %}", count: 2000)))
    }

    @Test("integer edges do not trap")
    func integerEdges() throws {
        let t = try Environment().template(
            source: "{{ range(0, 9223372036854775807, 4611686018427387904) | list }} {{ 2e30 is even }} {{ -9223372036854775808 // -1 }}")
        #expect(try t.render([:]) == "[0, 4611686018427387904] True 9223372036854775808")
    }
}

/// Values cannot nest deep enough to overflow the stack (printing, encoding or freeing them).
@Suite struct DeepValueTests {
    @Test("nesting grown across loop iterations is bounded")
    func deepValues() throws {
        let env = Environment()
        let viaNamespace = "{% set ns = namespace(x=1) %}{% for i in range(100000) %}{% set ns.x = [ns.x] %}{% endfor %}"
        #expect(throws: TemplateError.self) { try env.template(source: viaNamespace).render([:]) }
        let shallow = "{% set ns = namespace(x=1) %}{% for i in range(100) %}{% set ns.x = [ns.x] %}{% endfor %}{{ ns.x | tojson | length }}"
        #expect(try env.template(source: shallow).render([:]) == "201")
    }
}
