import Foundation
import Testing

@testable import PythonHost

@Suite("PythonWorker calls")
struct PythonWorkerCallTests {
    let fixture: ToolFlowFixture
    let worker: PythonWorker

    init() async throws {
        fixture = try ToolFlowFixture()
        worker = try await PythonWorker.start(try fixture.configuration())
    }

    @Test func syncToolWithKeywordArgumentsAndDefaults() async throws {
        let defaults = try await worker.call(tool: "tools/add.py", arguments: json(#"{"a": 1}"#))
        #expect(text(defaults.value) == #"{"label": "sum", "value": 11}"#)
        #expect(!defaults.isGenerator)
        let given = try await worker.call(tool: "tools/add.py", arguments: json(#"{"a": 2, "b": 3, "label": "é\n"}"#))
        #expect(text(given.value) == #"{"label": "é\n", "value": 5}"#)
        #expect(worker.state == .ready)
        #expect(!worker.pythonVersion.isEmpty)
        #expect(!worker.usesRealPromptflow)
    }

    @Test func asyncTool() async throws {
        let result = try await worker.call(tool: "tools/greet_async.py", arguments: json(#"{"name": "swift"}"#))
        #expect(text(result.value) == #""hello swift""#)
    }

    @Test func generatorCalledPlainlyCollectsChunks() async throws {
        let result = try await worker.call(tool: "tools/count.py", arguments: json(#"{"n": 3}"#))
        #expect(result.isGenerator)
        #expect(text(result.value) == #"["chunk0", "chunk1", "chunk2"]"#)
        let asyncResult = try await worker.call(tool: "tools/count_async.py", arguments: json(#"{"n": 2}"#))
        #expect(asyncResult.isGenerator)
        #expect(text(asyncResult.value) == #"["a0", "a1"]"#)
    }

    @Test func generatorsStreamChunkByChunk() async throws {
        var chunks: [String] = []
        for try await chunk in worker.stream(tool: "tools/count.py", arguments: json(#"{"n": 4}"#)) {
            chunks.append(text(chunk))
        }
        #expect(chunks == [#""chunk0""#, #""chunk1""#, #""chunk2""#, #""chunk3""#])
        var asyncChunks: [String] = []
        let arguments = json(#"{"n": 3, "prefix": "z"}"#)
        for try await chunk in worker.stream(tool: "tools/count_async.py", arguments: arguments) {
            asyncChunks.append(text(chunk))
        }
        #expect(asyncChunks == [#""z0""#, #""z1""#, #""z2""#])
        // A plain function streamed is one chunk.
        var single: [String] = []
        for try await chunk in worker.stream(tool: "tools/add.py", arguments: json(#"{"a": 0}"#)) {
            single.append(text(chunk))
        }
        #expect(single == [#"{"label": "sum", "value": 10}"#])
        #expect(worker.state == .ready)
    }

    @Test func inspectReportsTheSignature() async throws {
        let signature = try await worker.inspect(tool: "tools/signature.py")
        #expect(signature.name == "render")
        #expect(!signature.isGenerator && !signature.isAsync)
        #expect(
            signature.parameters.map(\.name) == [
                "prompt", "conn", "temperature", "n", "stop", "flag", "extra", "kwargs",
            ])
        #expect(
            signature.parameters.map(\.annotation)
                == ["PromptTemplate", "CustomConnection", "float", "int", "list", "bool", nil, nil])
        #expect(
            signature.parameters.map { $0.defaultValue.map(text) } == [
                nil, nil, "0.5", "null", "[\"a\"]", "false", "null", nil,
            ])
        #expect(signature.parameter(named: "kwargs")?.kind == "var_keyword")
        #expect(signature.parameter(named: "prompt")?.hasDefault == false)
        #expect(signature.parameter(named: "n")?.hasDefault == true)

        let generator = try await worker.inspect(tool: "tools/count_async.py")
        #expect(generator.name == "count_async")
        #expect(generator.isGenerator && generator.isAsync)
        #expect(
            generator.toolArguments.mapValues(text) == [
                "name": "\"async counter\"", "description": "\"counts\"", "custom_flag": "true",
            ])
        let plainAsync = try await worker.inspect(tool: "tools/greet_async.py")
        #expect(plainAsync.isAsync && !plainAsync.isGenerator)
    }

    @Test func printsGoToTheLogSinkNotTheProtocol() async throws {
        let result = try await worker.call(tool: "tools/noisy.py", arguments: json(#"{"marker": "m-42"}"#))
        #expect(text(result.value) == #""quiet m-42""#)
        #expect(await fixture.waitForLog(containing: "stdout says m-42"))
        #expect(await fixture.waitForLog(containing: "stderr says m-42"))
        #expect(await fixture.waitForLog(containing: "raw fd1 write"))
        // The protocol is intact afterwards.
        let next = try await worker.call(tool: "tools/add.py", arguments: json(#"{"a": 5}"#))
        #expect(text(next.value) == #"{"label": "sum", "value": 15}"#)
    }

    @Test func exceptionBecomesAStructuredToolError() async throws {
        let error = await #expect(throws: PythonToolError.self) {
            try await worker.call(tool: "tools/fail.py", arguments: json(#"{"n": 5}"#))
        }
        #expect(error?.type == "QuotaExceeded")
        #expect(error?.message == "quota of 5 exceeded")
        #expect(error?.description == "(QuotaExceeded) quota of 5 exceeded")
        #expect(error?.phase == .call)
        #expect(error?.traceback.contains("tools/fail.py\", line 12, in fail") == true)
        #expect(error?.traceback.contains("in check") == true)
        #expect(error?.traceback.contains("flowgate_host") == false)
        #expect(error?.traceback.hasSuffix("QuotaExceeded: quota of 5 exceeded\n") == true)
        // The worker survives its tool's exceptions.
        #expect(worker.state == .ready)
        let ok = try await worker.call(tool: "tools/fail.py", arguments: json(#"{"n": 1}"#))
        #expect(text(ok.value) == "1")
    }

    @Test func loadErrorsAreToolErrorsToo() async throws {
        let missing = await #expect(throws: PythonToolError.self) {
            try await worker.call(tool: "tools/missing.py", arguments: json("{}"))
        }
        #expect(missing?.phase == .load)
        #expect(missing?.message.contains("tools/missing.py") == true)
        let two = await #expect(throws: PythonToolError.self) {
            try await worker.call(tool: "tools/two_tools.py", arguments: json("{}"))
        }
        #expect(two?.message.contains("exactly one @tool function") == true)
        let badArgument = await #expect(throws: PythonToolError.self) {
            try await worker.call(tool: "tools/add.py", arguments: json(#"{"a": 1, "nope": 2}"#))
        }
        #expect(badArgument?.type == "TypeError")
    }

    @Test func flowFolderAndAdditionalIncludesAreImportable() async throws {
        let result = try await worker.call(tool: "tools/uses_helper.py", arguments: json(#"{"text": "hi"}"#))
        #expect(text(result.value) == #""HI! included""#)
    }

    @Test func connectionsArriveAsPromptflowObjects() async throws {
        let arguments = json(
            """
            {"custom": {"$connection": {"name": "my_custom", "type": "custom", "configs": {"endpoint": "https://e"}, "secrets": {"token": "t0k"}}},
             "azure": {"$connection": {"name": "aoai", "type": "azure_open_ai", "configs": {"api_base": "https://a.openai.azure.com", "api_version": "2024-02-01"}, "secrets": {"api_key": "k1"}}},
             "openai": {"$connection": {"name": "oai", "type": "open_ai", "configs": {"base_url": "http://127.0.0.1:9"}, "secrets": {"api_key": "k2"}}}}
            """)
        let result = try await worker.call(tool: "tools/conn.py", arguments: arguments)
        #expect(
            text(result.value)
                == #"{"custom": ["CustomConnection", "my_custom", "https://e", "t0k", {"endpoint": "https://e"}, true], "#
                + #""azure": ["AzureOpenAIConnection", "https://a.openai.azure.com", "k1", "2024-02-01", "azure", "key"], "#
                + #""openai": ["OpenAIConnection", "k2", "http://127.0.0.1:9", null]}"#)
    }

    @Test func logMetricValuesComeBackWithTheResult() async throws {
        let result = try await worker.call(tool: "tools/metrics.py", arguments: json(#"{"scores": [1, 2, 3, 6]}"#))
        #expect(text(result.value) == "3.0")
        #expect(
            result.metrics == [
                PythonMetric(key: "mean", value: json("3.0"), variantID: nil),
                PythonMetric(key: "count", value: json("4"), variantID: "variant_1"),
            ])
        // Metrics belong to one call only.
        let plain = try await worker.call(tool: "tools/add.py", arguments: json(#"{"a": 1}"#))
        #expect(plain.metrics.isEmpty)
    }
}
