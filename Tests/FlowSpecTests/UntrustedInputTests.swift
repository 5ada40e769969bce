import Foundation
import Testing

@testable import FlowSpec

/// Flows are untrusted: size, aliases, nesting and paths are bounded, each with a clear error.
@Suite struct UntrustedInputTests {
    @Test func rejectsFilesOverOneMiB() throws {
        let padding = String(repeating: "# padding line\n", count: 70_000)
        let folder = try TemporaryFlow(files: ["flow.dag.yaml": "inputs: {}\n" + padding])
        #expect(
            folder.errors() == [
                "flow.dag.yaml: the file is 1050011 bytes; flow files are limited to 1 MiB (1048576 bytes)"
            ])
        let prompty = try TemporaryFlow(files: ["big.prompty": "---\nname: x\n---\n" + padding])
        #expect(
            prompty.errors() == [
                "big.prompty: the file is 1050016 bytes; flow files are limited to 1 MiB (1048576 bytes)"
            ])
    }

    /// A huge (sparse) file is refused from its size alone; reading it would take minutes and gigabytes.
    @Test func checksTheSizeBeforeReading() throws {
        let folder = try TemporaryFlow(files: ["flow.dag.yaml": ""])
        let handle = try #require(
            FileHandle(forWritingAtPath: folder.folder.appendingPathComponent("flow.dag.yaml").path))
        try handle.truncate(atOffset: 8 << 30)
        try handle.close()
        #expect(
            folder.errors() == [
                "flow.dag.yaml: the file is 8589934592 bytes; flow files are limited to 1 MiB (1048576 bytes)"
            ])
    }

    @Test func refusesFilesThatAreNotRegular() throws {
        let folder = try TemporaryFlow()
        #expect(mkfifo(folder.folder.appendingPathComponent("flow.dag.yaml").path, 0o600) == 0)
        #expect(folder.errors() == ["flow.dag.yaml: the flow file is not a regular file"])
    }

    @Test func acceptsFilesJustUnderTheLimit() throws {
        let padding = String(repeating: "#", count: (1 << 20) - 20)
        let folder = try TemporaryFlow(files: ["flow.dag.yaml": "inputs: {}\n" + padding + "\n"])
        #expect(folder.errors() == [])
    }

    /// The classic billion laughs: each level multiplies by ten with nine aliases.
    @Test func rejectsAliasExpansionBombs() throws {
        var yaml = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            yaml += "a\(level): &a\(level) [\(refs)]\n"
        }
        let folder = try TemporaryFlow(files: ["flow.dag.yaml": yaml])
        #expect(
            folder.errors() == [
                "flow.dag.yaml:1:30: the document expands to more than 100000 YAML nodes through aliases; Flowgate rejects this to guard against alias expansion bombs"
            ])
    }

    @Test func rejectsTooManyAliases() throws {
        let yaml =
            "base: &b {type: string}\ninputs:\n" + (1...101).map { "  in\($0): *b" }.joined(separator: "\n") + "\n"
        let folder = try TemporaryFlow(files: ["flow.dag.yaml": yaml])
        #expect(
            folder.errors() == [
                "flow.dag.yaml:103:10: the document uses more than 100 YAML aliases; Flowgate rejects this to guard against alias expansion bombs"
            ])
    }

    @Test func acceptsAFewAliases() throws {
        let yaml = "base: &b {type: string}\ninputs:\n  a: *b\n  b: *b\n"
        let flow = try TemporaryFlow(files: ["flow.dag.yaml": yaml]).load()
        #expect(flow.inputs.map(\.name) == ["a", "b"])
        #expect(flow.inputs.map(\.type) == [.string, .string])
    }

    /// Text that merely looks like aliases (in block scalars, quotes and comments) is not counted.
    @Test func aliasLookalikesInTextAreFine() throws {
        let stars = (1...150).map { "  *item\($0)" }.joined(separator: "\n")
        let yaml = """
            description: |
              Call it with *args and
              *kwargs: the keyword arguments
            \(stars)
                    deeply: indented: text [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[
            display_name: "say *hello: world" # *not: an alias
            inputs:
              x: {type: string, default: '*kwargs: x'}
            """
        let flow = try TemporaryFlow(files: ["flow.dag.yaml": yaml]).load()
        #expect(
            flow.metadata.description?.hasPrefix("Call it with *args and\n*kwargs: the keyword arguments\n*item1\n")
                == true)
        #expect(flow.metadata.displayName == "say *hello: world")
        #expect(flow.input("x")?.defaultValue == "*kwargs: x")
    }

    @Test func rejectsAliasesAsKeys() throws {
        let yaml = "big: &big [x, y]\nmap:\n  *big : value\n"
        let folder = try TemporaryFlow(files: ["flow.dag.yaml": yaml])
        #expect(
            folder.errors() == [
                "flow.dag.yaml:3:3: a YAML alias is used as a mapping key; Flowgate does not accept aliases as keys"
            ])
    }

    @Test func rejectsDeepNesting() throws {
        let deep = String(repeating: "[", count: 70) + String(repeating: "]", count: 70)
        let folder = try TemporaryFlow(files: ["flow.dag.yaml": "inputs:\n  x: {type: list, default: \(deep)}\n"])
        #expect(
            folder.errors() == [
                "flow.dag.yaml:2:89: the document nests deeper than 64 levels; Flowgate rejects deeply nested YAML"
            ])
    }

    /// Far deeper documents are refused before the YAML parser recurses into them.
    @Test func rejectsVeryDeepNestingWithoutParsing() throws {
        let flowDeep = try TemporaryFlow(files: ["flow.dag.yaml": "x: " + String(repeating: "[", count: 200_000) + "\n"]
        )
        #expect(
            flowDeep.errors() == [
                "flow.dag.yaml:1:1: the document nests deeper than 64 levels; Flowgate rejects deeply nested YAML"
            ])
        let blockDeep = try TemporaryFlow(files: ["flow.dag.yaml": String(repeating: "- ", count: 200_000) + "x\n"])
        #expect(
            blockDeep.errors() == [
                "flow.dag.yaml:1:1: the document nests deeper than 64 levels; Flowgate rejects deeply nested YAML"
            ])
    }

    @Test func acceptsNestingUpToTheLimit() throws {
        let deep = String(repeating: "[", count: 60) + String(repeating: "]", count: 60)
        let flow = try TemporaryFlow(files: ["flow.dag.yaml": "inputs:\n  x: {type: list, default: \(deep)}\n"]).load()
        #expect(flow.inputs.first?.defaultValue != nil)
    }

    static func node(_ path: String) -> String {
        "nodes:\n- name: n\n  type: python\n  source: {type: code, path: '\(path)'}\n"
    }

    @Test func rejectsSourcePathsLeavingTheFolder() throws {
        let folder = try TemporaryFlow(files: ["flow.dag.yaml": Self.node("../../etc/passwd")])
        #expect(
            folder.errors() == [
                "flow.dag.yaml:4:30: the source path of node 'n' '../../etc/passwd' leaves the flow folder; Flowgate only reads files inside the flow folder"
            ])
        let absolute = try TemporaryFlow(files: ["flow.dag.yaml": Self.node("/etc/passwd")])
        #expect(
            absolute.errors() == [
                "flow.dag.yaml:4:30: the source path of node 'n' '/etc/passwd' is an absolute path; paths must be relative to the flow folder"
            ])
        let sneaky = try TemporaryFlow(files: ["flow.dag.yaml": Self.node("tools/../../outside.py")])
        try sneaky.writeOutside("outside.py", "")
        #expect(
            sneaky.errors() == [
                "flow.dag.yaml:4:30: the source path of node 'n' 'tools/../../outside.py' leaves the flow folder; Flowgate only reads files inside the flow folder"
            ])
        let inside = try TemporaryFlow(files: [
            "flow.dag.yaml": Self.node("tools/../t.py"), "t.py": "", "tools/other.py": "",
        ])
        #expect(inside.errors() == [])
    }

    @Test func rejectsSymlinksResolvingOutside() throws {
        let folder = try TemporaryFlow(files: ["flow.dag.yaml": Self.node("tool.py")])
        try folder.writeOutside("secret.py", "")
        try folder.symlink("tool.py", to: "../secret.py")
        #expect(
            folder.errors() == [
                "flow.dag.yaml:4:30: the source path of node 'n' 'tool.py' is a symlink that resolves outside the flow folder; Flowgate does not follow it"
            ])
        let directoryLink = try TemporaryFlow(files: ["flow.dag.yaml": Self.node("lib/tool.py")])
        try directoryLink.writeOutside("elsewhere/tool.py", "")
        try directoryLink.symlink("lib", to: directoryLink.root.appendingPathComponent("elsewhere").path)
        #expect(
            directoryLink.errors() == [
                "flow.dag.yaml:4:30: the source path of node 'n' 'lib/tool.py' is a symlink that resolves outside the flow folder; Flowgate does not follow it"
            ])
        let dangling = try TemporaryFlow(files: ["flow.dag.yaml": Self.node("tool.py")])
        try dangling.symlink("tool.py", to: "/nonexistent/tool.py")
        #expect(
            dangling.errors() == [
                "flow.dag.yaml:4:30: the source path of node 'n' 'tool.py' is a symlink that resolves outside the flow folder; Flowgate does not follow it"
            ])
        let insideLink = try TemporaryFlow(files: ["flow.dag.yaml": Self.node("tool.py"), "real/tool.py": ""])
        try insideLink.symlink("tool.py", to: "real/tool.py")
        #expect(insideLink.errors() == [])
    }

    @Test func rejectsAFlowFileThatIsASymlinkOutside() throws {
        let folder = try TemporaryFlow()
        try folder.writeOutside("elsewhere.yaml", "inputs: {}\n")
        try folder.symlink("flow.dag.yaml", to: "../elsewhere.yaml")
        #expect(
            folder.errors() == [
                "flow.dag.yaml: the flow file is a symlink that resolves outside the flow folder; Flowgate does not follow it"
            ])
    }

    @Test func rejectsEscapingIncludesAndRequirements() throws {
        let yaml = """
            environment:
              python_requirements_txt: ../requirements.txt
            additional_includes:
              - ../common/utils.py
              - /opt/lib.py
              - linked
            """
        let folder = try TemporaryFlow(files: ["flow.dag.yaml": yaml])
        try folder.writeOutside("requirements.txt", "")
        try folder.writeOutside("common/utils.py", "")
        try folder.symlink("linked", to: folder.root.appendingPathComponent("common").path)
        #expect(
            folder.errors() == [
                "flow.dag.yaml:2:28: environment python_requirements_txt '../requirements.txt' leaves the flow folder; Flowgate only reads files inside the flow folder",
                "flow.dag.yaml:4:5: additional_includes entry '../common/utils.py' leaves the flow folder; Flowgate only reads files inside the flow folder (Flowgate treats flows as untrusted and does not include files from outside; copy the file into the flow folder)",
                "flow.dag.yaml:5:5: additional_includes entry '/opt/lib.py' is an absolute path; paths must be relative to the flow folder (Flowgate treats flows as untrusted and does not include files from outside; copy the file into the flow folder)",
                "flow.dag.yaml:6:5: additional_includes entry 'linked' is a symlink that resolves outside the flow folder; Flowgate does not follow it (Flowgate treats flows as untrusted and does not include files from outside; copy the file into the flow folder)",
            ])
    }
}
