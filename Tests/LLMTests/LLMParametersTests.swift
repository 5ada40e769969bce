import LLM
import Testing

/// Reading an llm node's inputs into request parameters, as promptflow's tools coerce them.
@Suite struct LLMParametersTests {
    @Test func readsKnownNamesAndIgnoresTemplateVariables() throws {
        let parameters = try LLMParameters(arguments: [
            "deployment_name": "gpt-35", "temperature": "0.2", "max_tokens": "inf", "stop": "###",
            "top_p": .int(1), "seed": "7", "question": "What is Swift?", "user": "", "echo": .bool(true),
            "tools": .array([.object(["type": "function"])]),
        ])
        #expect(parameters.deploymentName == "gpt-35")
        #expect(parameters.temperature == 0.2)
        #expect(parameters.maxTokens == nil)
        #expect(parameters.stop == ["###"])
        #expect(parameters.topP == 1)
        #expect(parameters.seed == 7)
        #expect(parameters.user == nil)
        #expect(parameters.extra == ["echo": .bool(true)])
        #expect(parameters.tools?.count == 1)
    }

    @Test func aWrongTypeNamesTheParameter() {
        let error = #expect(throws: LLMError.self) {
            _ = try LLMParameters(arguments: ["temperature": "warm"])
        }
        #expect(error?.message == "The llm parameter 'temperature' must be a number.")
    }
}
