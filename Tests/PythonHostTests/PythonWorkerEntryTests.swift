import Foundation
import Testing

@testable import PythonHost

/// Flex entries through one worker: `module:function` and `module:Class` (built once per init values, with
/// connection objects), inspection without building, streaming, dataclass results, `__aggregate__`, and errors.
@Suite("PythonWorker flex entries")
struct PythonWorkerEntryTests {
    let fixture: ToolFlowFixture
    let worker: PythonWorker

    init() async throws {
        fixture = try ToolFlowFixture()
        worker = try await PythonWorker.start(try fixture.configuration())
    }

    static let connection =
        #"{"$connection": {"name": "my_conn", "type": "custom", "configs": {"region": "west"}, "secrets": {"key": "s3cret"}}}"#

    @Test func functionEntryIsInspectedAndCalled() async throws {
        let signature = try await worker.inspect(entry: PythonEntry(entry: "flex_entries:plain"))
        #expect(signature.qualifiedName == "plain")
        #expect(!signature.isClass)
        #expect(signature.call.parameters.map(\.name) == ["x", "y"])
        #expect(signature.call.parameter(named: "y")?.hasDefault == true)
        let result = try await worker.call(
            entry: PythonEntry(entry: "flex_entries:plain"), arguments: json(#"{"x": 4}"#))
        #expect(text(result.value) == "8")
        let awaited = try await worker.call(
            entry: PythonEntry(entry: "flex_entries:later"), arguments: json(#"{"x": 1}"#))
        #expect(text(awaited.value) == #"{"later": 1}"#)
        #expect(try await worker.inspect(entry: PythonEntry(entry: "flex_entries:later")).call.isAsync)
    }

    @Test func classEntryIsDescribedWithoutBuildingThenBuiltOncePerInitValues() async throws {
        let bare = PythonEntry(entry: "flex_entries:Greeter")
        let signature = try await worker.inspect(entry: bare)
        #expect(signature.isClass)
        #expect(signature.qualifiedName == "Greeter.__call__")
        #expect(signature.call.parameters.map(\.name) == ["name"])
        #expect(signature.initParameters.map(\.name) == ["greeting", "conn"])
        #expect(signature.initParameters.last?.annotation == "CustomConnection")
        #expect(signature.aggregateParameter == "results")

        let entry = PythonEntry(
            entry: "flex_entries:Greeter", initArguments: json(#"{"greeting": "hi", "conn": \#(Self.connection)}"#))
        let first = try await worker.call(entry: entry, arguments: json(#"{"name": "ada"}"#))
        let second = try await worker.call(entry: entry, arguments: json(#"{"name": "bob"}"#))
        #expect(text(first.value) == #"{"text": "hi ada", "built": 1, "region": "west"}"#)
        #expect(text(second.value) == #"{"text": "hi bob", "built": 1, "region": "west"}"#)
        #expect(first.metrics == [PythonMetric(key: "calls", value: json("1"), variantID: nil)])
        // Other init values make another instance.
        let other = PythonEntry(entry: "flex_entries:Greeter", initArguments: json(#"{"greeting": "yo"}"#))
        let third = try await worker.call(entry: other, arguments: json(#"{"name": "cy"}"#))
        #expect(text(third.value) == #"{"text": "yo cy", "built": 2, "region": null}"#)

        var aggregate = entry
        aggregate.method = "__aggregate__"
        let metrics = try await worker.call(entry: aggregate, arguments: json(#"{"results": [1, 2, 3]}"#))
        #expect(text(metrics.value) == #"{"n": 3}"#)
    }

    @Test func generatorEntriesStreamOrCollectAndDataclassesBecomeDicts() async throws {
        let entry = PythonEntry(entry: "flex_entries:numbers")
        var chunks: [String] = []
        for try await chunk in worker.stream(entry: entry, arguments: json(#"{"n": 3}"#)) { chunks.append(text(chunk)) }
        #expect(chunks == ["0", "1", "2"])
        let collected = try await worker.call(entry: entry, arguments: json(#"{"n": 2}"#))
        #expect(collected.isGenerator && text(collected.value) == "[0, 1]")
        // A dataclass is the dict of its fields, a generator field joined as promptflow stringifies it.
        let pair = try await worker.call(entry: PythonEntry(entry: "flex_entries:pair"), arguments: json(#"{"a": 3}"#))
        #expect(text(pair.value) == #"{"left": 3, "right": "012"}"#)
    }

    @Test func loadAndInitFailuresUsePromptflowWordingWithoutSecrets() async throws {
        let failing = PythonEntry(entry: "flex_entries:Failing", initArguments: json(#"{"conn": \#(Self.connection)}"#))
        let initError = await #expect(throws: PythonToolError.self) {
            try await worker.call(entry: failing, arguments: json("{}"))
        }
        #expect(initError?.phase == .initialize)
        #expect(initError?.message == "Failed to initialize flow entry with '{'conn': 'my_conn'}', ex:'cannot start.")
        #expect(initError?.traceback.contains("s3cret") == false)
        let noCall = await #expect(throws: PythonToolError.self) {
            try await worker.inspect(entry: PythonEntry(entry: "flex_entries:NoCall"))
        }
        #expect(noCall?.phase == .load)
        #expect(noCall?.message == "Python class entry 'NoCall' does not have __call__ method.")
        let missingModule = await #expect(throws: PythonToolError.self) {
            try await worker.inspect(entry: PythonEntry(entry: "no_such_module:run"))
        }
        #expect(
            missingModule?.message
                == "Failed to load python module for no_such_module:run: (ModuleNotFoundError) No module named 'no_such_module'"
        )
        let raised = await #expect(throws: PythonToolError.self) {
            try await worker.call(
                entry: PythonEntry(entry: "flex_entries:plain"), arguments: json(#"{"x": "a", "y": "b"}"#))
        }
        #expect(raised?.phase == .call && raised?.type == "TypeError")
        #expect(worker.state == .ready)
    }
}
