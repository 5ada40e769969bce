import FlowServer
import FlowSpec
import FlowgateTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// COMPAT §C content negotiation and SSE: the Accept matrix of promptflow's serving tests, the event bytes of a
/// streaming python flow and of a streaming llm flow.
@Suite struct StreamingTests {
    /// promptflow's matrix (accept, status, content type) for a flow with a streaming output.
    static let streamingMatrix: [(String?, Int, String)] = [
        ("text/event-stream", 200, "text/event-stream; charset=utf-8"),
        ("text/html", 406, "application/json"),
        ("application/json", 200, "application/json"),
        ("*/*", 200, "application/json"),
        ("text/event-stream, application/json", 200, "text/event-stream; charset=utf-8"),
        ("application/json, */*", 200, "application/json"),
        ("", 200, "application/json"),
        (nil, 200, "application/json"),
        ("text/html, image/png;q=0.5", 406, "application/json"),
    ]

    @Test func acceptMatrixOfAStreamingPythonFlow() async throws {
        let served = try await ServedFlow(files: FlowFixtures.streamEcho)
        defer { served.close() }
        try await served.test { client in
            for (accept, status, contentType) in Self.streamingMatrix {
                let response = try await client.score(#"{"text": "Hello World!"}"#, accept: accept)
                #expect(Int(response.status.code) == status, "Accept: \(accept ?? "none")")
                #expect(response.headers[.contentType] == contentType, "Accept: \(accept ?? "none")")
                switch status {
                case 406:
                    #expect(
                        response.text
                            == errorBody(
                                "UserError",
                                "Media type \(accept!.replacingOccurrences(of: ", ", with: ",").replacingOccurrences(of: ";q=0.5", with: "")) "
                                    + "in Accept header is not acceptable. Supported media type(s) - application/json"))
                case _ where contentType.hasPrefix("text/event-stream"):
                    #expect(
                        response.text
                            == "data: {\"length\": 12}\n\ndata: {\"output_echo\": \"Echo: \"}\n\n"
                            + "data: {\"output_echo\": \"Hello \"}\n\ndata: {\"output_echo\": \"World! \"}\n\n")
                default:
                    #expect(response.text == #"{"length":12,"output_echo":"Echo: Hello World! "}"# + "\n")
                }
            }
        }
    }

    @Test func eventStreamIsOfferedOnlyWhenTheFlowStreams() async throws {
        let served = try await ServedFlow(files: FlowFixtures.echo)
        defer { served.close() }
        try await served.test { client in
            let refused = try await client.score(#"{"text": "x"}"#, accept: "text/event-stream")
            #expect(refused.status == .notAcceptable)
            #expect(
                refused.text
                    == errorBody(
                        "UserError",
                        "Media type text/event-stream in Accept header is not acceptable. "
                            + "Supported media type(s) - application/json"))
            let json = try await client.score(#"{"text": "x"}"#, accept: "text/event-stream, application/json")
            #expect(json.status == .ok)
            #expect(json.text == #"{"output_echo":"Echo: x"}"# + "\n")
        }
    }

    @Test func eventsUsePythonJSONLayoutWithNonASCIIEscaped() async throws {
        let served = try await ServedFlow(files: FlowFixtures.streamEcho)
        defer { served.close() }
        try await served.test { client in
            let response = try await client.score(#"{"text": "Café \"q\""}"#, accept: "text/event-stream")
            #expect(
                response.text
                    == "data: {\"length\": 8}\n\ndata: {\"output_echo\": \"Echo: \"}\n\n"
                    + "data: {\"output_echo\": \"Caf\\u00e9 \"}\n\ndata: {\"output_echo\": \"\\\"q\\\" \"}\n\n")
        }
    }

    @Test func llmAnswerStreamsOneEventPerChunk() async throws {
        let llm = TestLLMServer()
        let url = try await llm.start()
        do {
            let served = try await ServedFlow(files: try Self.example("chat-basic"), llmURL: url)
            defer { served.close() }
            let question = "What is the capital of France?"
            try await served.test { client in
                let response = try await client.score(
                    #"{"question": "\#(question)", "chat_history": []}"#, accept: "text/event-stream")
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/event-stream; charset=utf-8")
                // Like promptflow's OpenAI generator, the role delta and the closing delta arrive as empty chunks.
                let chunks = [""] + TestLLMServer.streamChunks(for: TestLLMServer.chatReply(to: question)) + [""]
                let expected = chunks.map { "data: {\"answer\": \(FlowValue.jsonString($0))}\n\n" }.joined()
                #expect(response.text == expected)
                let json = try await client.score(#"{"question": "\#(question)"}"#)
                #expect(json.text == #"{"answer":"echo: What is the capital of France?"}"# + "\n")
            }
            #expect(llm.requests.first?.json?["stream"] as? Bool == true)
        } catch {
            await llm.stop()
            throw error
        }
        await llm.stop()
    }

    @Test func promptyWithATextAnswerIsServedAsABareValue() async throws {
        let llm = TestLLMServer()
        let url = try await llm.start()
        do {
            let served = try await ServedFlow(
                files: [
                    "answer.prompty": """
                    ---
                    name: Answer
                    model:
                      api: chat
                      configuration:
                        type: openai
                        model: gpt-4o-mini
                        api_key: sk-test
                        base_url: \(url)
                    inputs:
                      question:
                        type: string
                    ---
                    user:
                    {{question}}
                    """
                ], entry: "answer.prompty")
            defer { served.close() }
            try await served.test { client in
                let response = try await client.score(#"{"question": "Ünïcode?"}"#)
                #expect(response.status == .ok)
                #expect(response.text == #""echo: \u00dcn\u00efcode?""# + "\n")
            }
        } catch {
            await llm.stop()
            throw error
        }
        await llm.stop()
    }

    /// The files of a bundled example, to serve from a temporary copy.
    static func example(_ name: String) throws -> [String: String] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/flows/\(name)")
        var files: [String: String] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            files[file] = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        }
        return files
    }
}
