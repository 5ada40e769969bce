import FlowServer
import Hummingbird
import HummingbirdTesting
import Testing

/// Flex flows served: a bare value for a non-dict result, a dict as the outputs, a generator as SSE.
@Suite struct FlexServingTests {
    static let files: [String: String] = [
        "flow.flex.yaml": "entry: entry:answer\n",
        "entry.py": """
        def answer(question: str, shape: str = "text"):
            if shape == "dict":
                return {"answer": question.upper(), "length": len(question)}
            return "you asked: " + question
        """,
    ]

    @Test func nonDictResultIsABareValueAndADictIsTheOutputs() async throws {
        let served = try await ServedFlow(files: Self.files)
        defer { served.close() }
        try await served.test { client in
            let bare = try await client.score(#"{"question": "why é"}"#)
            #expect(bare.status == .ok)
            #expect(bare.text == #""you asked: why \u00e9""# + "\n")
            let object = try await client.score(#"{"question": "why", "shape": "dict"}"#)
            #expect(object.text == #"{"answer":"WHY","length":3}"# + "\n")
            let missing = try await client.score(#"{"shape": "dict"}"#)
            #expect(missing.status == .badRequest)
            #expect(
                missing.text.contains(
                    "Required input fields ['question'] are missing in request data {'shape': 'dict'}"))
        }
    }

    /// pf describes a flex entry's inputs from its signature, defaults written as Python's `str()`: a `False`
    /// default is the (truthy) string "False", so it is shown, where a DAG flow's `false` default is left out.
    @Test func swaggerShowsTheEntrysInputsWithDefaultsAsStrings() async throws {
        let served = try await ServedFlow(files: [
            "flow.flex.yaml": "entry: entry:greet\n",
            "entry.py": """
            def greet(name: str, excited: bool = False, times: int = 1) -> str:
                return name
            """,
        ])
        defer { served.close() }
        try await served.test { client in
            let swagger = try await client.execute(uri: "/swagger.json", method: .get)
            #expect(swagger.status == .ok)
            #expect(swagger.text.contains(#""excited":{"default":"False","type":"boolean"}"#))
            #expect(swagger.text.contains(#""times":{"default":"1","type":"integer"}"#))
            #expect(swagger.text.contains(#""name":{"type":"string"}"#))
        }
    }

    @Test func generatorResultStreamsAsEvents() async throws {
        let served = try await ServedFlow(files: [
            "flow.flex.yaml": "entry: entry:words\n",
            "entry.py": """
            def words(question: str, shape: str = "stream"):
                for word in question.split():
                    yield word + " "
            """,
        ])
        defer { served.close() }
        try await served.test { client in
            let events = try await client.score(
                #"{"question": "one two", "shape": "stream"}"#, accept: "text/event-stream")
            #expect(events.headers[.contentType] == "text/event-stream; charset=utf-8")
            #expect(events.text == "data: {\"output\": \"one \"}\n\ndata: {\"output\": \"two \"}\n\n")
        }
    }
}
