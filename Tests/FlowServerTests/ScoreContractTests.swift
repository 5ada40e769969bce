import FlowServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// COMPAT §C request and response rules of `POST /score`, with the exact bodies.
@Suite struct ScoreContractTests {
    @Test func jsonObjectWithExtraKeysAnswersTheOutputs() async throws {
        let served = try await ServedFlow(files: FlowFixtures.echo)
        defer { served.close() }
        try await served.test { client in
            let response = try await client.score(#"{"text": "Hi", "unused": [1, 2]}"#)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            #expect(response.text == #"{"output_echo":"Echo: Hi"}"# + "\n")
        }
    }

    @Test func nonJSONBodyIsTheOnlyInputsValue() async throws {
        let served = try await ServedFlow(files: FlowFixtures.echo)
        defer { served.close() }
        try await served.test { client in
            let response = try await client.execute(
                uri: "/score", method: .post, headers: [.contentType: "text/plain"],
                body: ByteBuffer(string: "plain words"))
            #expect(response.status == .ok)
            #expect(response.text == #"{"output_echo":"Echo: plain words"}"# + "\n")
        }
    }

    @Test func nonJSONBodyWithSeveralInputsIsRefused() async throws {
        let served = try await ServedFlow(files: FlowFixtures.typed)
        defer { served.close() }
        try await served.test { client in
            let response = try await client.score("not json")
            #expect(response.status == .badRequest)
            #expect(
                response.text
                    == errorBody(
                        "UserError",
                        "Promptflow executor received non json data, but there's more than 1 input fields, "
                            + "please use json request data instead."))
        }
    }

    /// JSON that is not an object is request data without input names, not the text of the only input
    /// (pf 1.18.5: `"hi"` → 400 naming the missing input and `'hi'`), for one input and for several.
    @Test(arguments: [
        (#""hi""#, "'hi'"), ("[1, 2]", "[1, 2]"), ("42", "42"), ("null", "None"),
    ])
    func jsonThatIsNotAnObjectHasTheRequiredInputsMissing(body: String, repr: String) async throws {
        let one = try await ServedFlow(files: FlowFixtures.echo)
        defer { one.close() }
        try await one.test { client in
            let response = try await client.score(body)
            #expect(response.status == .badRequest)
            #expect(
                response.text
                    == errorBody("UserError", "Required input fields ['text'] are missing in request data \(repr)"))
        }
        let several = try await ServedFlow(files: FlowFixtures.typed)
        defer { several.close() }
        try await several.test { client in
            let response = try await client.score(body)
            #expect(response.status == .badRequest)
            #expect(
                response.text
                    == errorBody(
                        "UserError", "Required input fields ['text', 'count'] are missing in request data \(repr)"))
        }
    }

    @Test func missingRequiredInputsNameThemAndTheRequestData() async throws {
        let served = try await ServedFlow(files: FlowFixtures.typed)
        defer { served.close() }
        try await served.test { client in
            let response = try await client.score(#"{"other": 1, "tags": ["x", "y"]}"#)
            #expect(response.status == .badRequest)
            #expect(
                response.text
                    == errorBody(
                        "UserError",
                        "Required input fields ['text', 'count'] are missing in request data "
                            + "{'other': 1, 'tags': ['x', 'y']}"))
        }
    }

    @Test func inputOfTheWrongTypeIsAUserError() async throws {
        let served = try await ServedFlow(files: FlowFixtures.typed)
        defer { served.close() }
        try await served.test { client in
            let response = try await client.score(#"{"text": "a", "count": "many"}"#)
            #expect(response.status == .badRequest)
            #expect(
                response.text
                    == errorBody(
                        "UserError",
                        "The input for flow is incorrect. The value for flow input 'count' does not match the expected "
                            + "type 'int'. Please change flow input type or adjust the input value in your input data.")
            )
        }
    }

    @Test func evaluationOnlyOutputsAreHiddenAndStringsParsedToTheirType() async throws {
        let served = try await ServedFlow(files: FlowFixtures.typed)
        defer { served.close() }
        try await served.test { client in
            let response = try await client.score(#"{"text": "ab", "count": "2", "tags": "[\"t\"]"}"#)
            #expect(response.status == .ok)
            #expect(response.text == #"{"summary":"abab","total":3}"# + "\n")
        }
    }

    @Test func includedFieldsReplaceTheEvaluationOnlyFilter() async throws {
        let served = try await ServedFlow(
            files: FlowFixtures.typed, configuration: ServedFlow.configuration(includedFields: ["score", "total"]))
        defer { served.close() }
        try await served.test { client in
            let response = try await client.score(#"{"text": "ab", "count": 1}"#)
            #expect(response.text == #"{"score":0.5,"total":1}"# + "\n")
        }
    }

    @Test func flowWithoutInputsIgnoresTheBody() async throws {
        let served = try await ServedFlow(files: FlowFixtures.noInputs)
        defer { served.close() }
        try await served.test { client in
            let response = try await client.score("this is not even json")
            #expect(response.status == .ok)
            #expect(response.text == #"{"greeting":"Hello, world! Caf\u00e9"}"# + "\n")
        }
    }

    @Test func toolExceptionIsAUserError() async throws {
        let served = try await ServedFlow(files: FlowFixtures.typed)
        defer { served.close() }
        try await served.test { client in
            let response = try await client.score(#"{"text": "fail", "count": 1}"#)
            #expect(response.status == .badRequest)
            #expect(response.text.hasPrefix(#"{"error":{"code":"UserError","message":"#))
            #expect(response.text.contains("text must not be 'fail'"))
        }
    }

    @Test func multipleStreamedOutputsAreRefusedForSSE() async throws {
        let served = try await ServedFlow(files: FlowFixtures.twoStreams)
        defer { served.close() }
        try await served.test { client in
            let streamed = try await client.score(#"{"text": "a b"}"#, accept: "text/event-stream")
            #expect(streamed.status == .badRequest)
            #expect(streamed.text == errorBody("UserError", "Multiple stream output fields not supported."))
            let joined = try await client.score(#"{"text": "a b"}"#)
            #expect(joined.text == #"{"first":"ab","second":"ab"}"# + "\n")
        }
    }
}
