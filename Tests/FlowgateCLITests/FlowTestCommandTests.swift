import FlowgateTestSupport
import Foundation
import Testing

/// `flowgate flow test` on the bundled examples, run as a user runs it.
@Suite struct FlowTestCommandTests {
    @Test func pythonOnlyExamplePrintsOutputsAsJSON() throws {
        let result = try FlowTestProcess.run(["flow", "test", "examples/flows/python-only"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout
                == #"{"report": "12 words, 2 sentences, 60 characters; most frequent: dog (2), brown (1), fox (1)", "#
                + #""stats": {"characters": 60, "words": 12, "sentences": 2, "word_counts": {"quick": 1, "brown": 1, "#
                + #""fox": 1, "jumps": 1, "over": 1, "lazy": 1, "dog": 2, "sleeps": 1}}}"# + "\n")
    }

    @Test func inputsAreParsedToTheirTypesAndVerboseShowsNodes() throws {
        let result = try FlowTestProcess.run([
            "flow", "test", "examples/flows/python-only", "--inputs", "text=b a b", "top_n=1", "ignore_case=FALSE",
            "stopwords=[]", "--verbose",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix(#"{"report": "3 words, 1 sentences, 5 characters; most frequent: b (2)""#))
        for node in ["text_stats", "top_words", "format_report"] {
            #expect(result.stderr.contains(node + " "))
        }
        #expect(result.stderr.contains("Completed"))
    }

    @Test func activateBranchesExampleTakesOneBranch() throws {
        let statement = try FlowTestProcess.run([
            "flow", "test", "examples/flows/activate-branches", "--inputs", "message=The deployment finished.",
        ])
        #expect(statement.stdout == #"{"kind": "statement", "reply": "Noted: The deployment finished."}"# + "\n")
        let question = try FlowTestProcess.run(["flow", "test", "examples/flows/activate-branches", "--verbose"])
        #expect(question.stdout.contains(#""kind": "question""#))
        #expect(question.stderr.contains("acknowledge"))
        #expect(question.stderr.contains("Bypassed"))
    }

    @Test func inputsFileAndSingleNode() throws {
        let folder = try TemporaryDirectory()
        let file = try folder.write("inputs.json", #"{"counts": {"a": 2, "b": 5, "c": 5}, "top_n": 2}"#)
        let result = try FlowTestProcess.run([
            "flow", "test", "examples/flows/python-only", "--node", "top_words", "--inputs-file", file.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == #"[{"word": "b", "count": 5}, {"word": "c", "count": 5}]"# + "\n")
        let fromPairs = try FlowTestProcess.run([
            "flow", "test", "examples/flows/python-only", "--node", "top_words", "--inputs", #"counts={"x": 1}"#,
            "top_n=1",
        ])
        #expect(fromPairs.stdout == #"[{"word": "x", "count": 1}]"# + "\n", "\(fromPairs.stderr)")
    }

    @Test func flexFlowWithoutInputsRunsOnItsSample() throws {
        let sample = try FlowTestProcess.run(["flow", "test", "examples/flows/flex-function"])
        #expect(sample.status == 0, "\(sample.stderr)")
        #expect(sample.stdout == #""Hello, Ada!""# + "\n")
        let given = try FlowTestProcess.run(["flow", "test", "examples/flows/flex-function", "--inputs", "name=Bob"])
        #expect(given.stdout == #""Hello, Bob.""# + "\n", "\(given.stderr)")
    }

    @Test func badInputFailsWithTheErrorText() throws {
        let result = try FlowTestProcess.run(["flow", "test", "examples/flows/python-only", "--inputs", "top_n=abc"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr.contains(
                "The input for flow is incorrect. The value for flow input 'top_n' does not match the expected type "
                    + "'int'. Please change flow input type or adjust the input value in your input data."))
    }

    @Test func chatFlowStreamsAgainstTheTestLLMServer() async throws {
        let server = TestLLMServer()
        let url = try await server.start()
        defer { Task { await server.stop() } }
        let connection = #"{"type": "open_ai", "api_key": "sk-test", "base_url": "\#(url)"}"#
        let question = "what does streaming look like on a terminal"
        let streamed = try await FlowTestProcess.run(
            ["flow", "test", "examples/flows/chat-basic", "--stream", "--inputs", "question=\(question)"],
            environment: ["open_ai_connection": connection])
        #expect(streamed.status == 0, "\(streamed.stderr)")
        let reply = TestLLMServer.chatReply(to: question)
        #expect(streamed.stdout == reply + "\n" + #"{"answer": "\#(reply)"}"# + "\n")
        let plain = try await FlowTestProcess.run(
            ["flow", "test", "examples/flows/variants", "--variant", "${summarize.variant_1}", "--inputs", "text=Hi"],
            environment: ["open_ai_connection": connection])
        #expect(plain.stdout == #"{"summary": "echo: Hi"}"# + "\n", "\(plain.stderr)")
        #expect(server.requests.last?.json?["temperature"] as? Double == 0.8)
    }

    @Test func missingConnectionIsReported() throws {
        let result = try FlowTestProcess.run(["flow", "test", "examples/flows/chat-basic"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("open_ai_connection"))
        #expect(result.stderr.contains("'chat'"))
    }
}
