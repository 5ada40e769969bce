import Testing

@testable import FlowSpec

@Suite struct FlexTests {
    static let flex = """
        $schema: https://azuremlschemas.azureedge.net/promptflow/latest/Flow.schema.json
        entry: flow:ChatFlow
        init:
          model_config:
            type: AzureOpenAIModelConfiguration
          max_total_token:
            type: int
            default: 1024
        inputs:
          question:
            type: string
        outputs:
          answer:
            type: string
        sample:
          inputs:
            question: What's Azure Machine Learning?
        environment:
          python_requirements_txt: requirements.txt
        environment_variables:
          MODE: fast
        """

    @Test func loadsEntryInitAndSignature() throws {
        let folder = try TemporaryFlow(
            "chat-basic", files: ["flow.flex.yaml": Self.flex, "flow.py": "", "requirements.txt": ""])
        let flow = try folder.load()
        #expect(flow.kind == .flex)
        #expect(flow.name == "chat-basic")
        let spec = try #require(flow.flex)
        #expect(spec.entry == "flow:ChatFlow" && spec.module == "flow" && spec.attribute == "ChatFlow")
        #expect(
            spec.initParameters == [
                FlexSpec.InitParameter(name: "model_config", type: "AzureOpenAIModelConfiguration"),
                FlexSpec.InitParameter(name: "max_total_token", type: "int", defaultValue: 1024),
            ])
        #expect(spec.sample == ["inputs": ["question": "What's Azure Machine Learning?"]])
        #expect(flow.inputs.map(\.name) == ["question"])
        #expect(flow.outputs.map(\.name) == ["answer"])
        #expect(flow.environment.pythonRequirementsTxt == "requirements.txt")
        #expect(flow.environmentVariables == ["MODE": "fast"])
        #expect(flow.warnings.isEmpty)
    }

    @Test func anyYAMLWithAnEntryIsFlex() throws {
        let folder = try TemporaryFlow(files: [
            "my.flex.yaml": "entry: pkg.mod:run\n", "other.yaml": "entry: pkg.mod:run\n",
        ])
        let flow = try folder.load("my.flex.yaml")
        #expect(flow.kind == .flex && flow.flex?.module == "pkg.mod" && flow.flex?.attribute == "run")
        #expect(
            flow.warnings.map(\.description) == [
                "my.flex.yaml:1:8: entry module 'pkg.mod' is not a file in the flow folder; it must be importable from the flow's environment"
            ])
        #expect(try folder.load("other.yaml").kind == .flex)
    }

    @Test func reportsFlexProblems() throws {
        let yaml = """
            entry: not a valid entry
            init:
              a: {default: 1}
              b: {type: int, default: many}
            """
        #expect(
            try TemporaryFlow(files: ["flow.flex.yaml": yaml]).errors() == [
                "flow.flex.yaml:1:8: entry 'not a valid entry' must look like module:function or module:Class (for example `entry: flow:chat`)",
                "flow.flex.yaml:3:3: init parameter 'a' has no type; add `type:` (a value type or a connection class name)",
                "flow.flex.yaml:4:27: init parameter 'b' default \"many\" is not a valid int",
            ])
        #expect(
            try TemporaryFlow(files: ["flow.flex.yaml": "init: {}\n"]).errors() == [
                "flow.flex.yaml:1:1: the flex flow has no entry; add `entry: module:function` or `entry: module:Class`"
            ])
    }

    @Test func entryModuleSymlinkOutsideIsRejected() throws {
        let folder = try TemporaryFlow(files: ["flow.flex.yaml": "entry: flow:run\n"])
        try folder.writeOutside("evil.py", "")
        try folder.symlink("flow.py", to: "../evil.py")
        #expect(
            folder.errors() == [
                "flow.flex.yaml:1:8: entry module file 'flow.py' is a symlink that resolves outside the flow folder; Flowgate does not follow it"
            ])
    }
}
