import FlowSpec
import Foundation
import PythonHost
import Testing

@testable import FlowEngine

/// Flex flows (`flow.flex.yaml`) run through real Python workers: function and class entries, init values,
/// inputs parsed from the signature, dict / bare / dataclass / generator results, and promptflow's error texts.
@Suite struct FlexFlowTests {
    static func pool(_ flow: Flow, size: Int = 1) throws -> PythonWorkerPool {
        PythonWorkerPool(
            configuration: PythonWorkerConfiguration(
                python: try PythonInterpreter.resolve(), flowDirectory: flow.directory),
            size: size)
    }

    static func example(_ name: String) throws -> Flow {
        try FlowLoader.load(path: repositoryRoot.appendingPathComponent("examples/flows/\(name)").path)
    }

    static func expectUserError(_ message: String, _ body: () async throws -> Void) async {
        await #expect {
            try await body()
        } throws: { error in
            let error = error as? FlowRunError
            return error?.kind == .user && error?.message == message
        }
    }

    @Test func classEntryIsBuiltWithSampleInitAndReturnsItsDictInOrder() async throws {
        let flow = try Self.example("flex-echo")
        let pool = try Self.pool(flow)
        defer { pool.shutdown() }
        let executor = try await FlowExecutor(flow: flow, pythonRunner: pool)
        let result = try await executor.run(inputs: ["text": "hello", "times": "2"])
        #expect(Array(result.outputs.keys) == ["reply", "length"])
        #expect(result.outputs == ["reply": "you said: hello you said: hello", "length": 5])
        #expect(result.bareOutput == nil)
        #expect(result.record.nodes.map(\.node) == ["Echo.__call__"])
        #expect(result.record.inputs == ["text": "hello", "times": 2])
        let given = try await FlowExecutor(flow: flow, pythonRunner: pool, initValues: ["prefix": "> "])
        #expect(try await given.run(inputs: ["text": "hi"]).outputs["reply"] == "> hi")
    }

    @Test func functionEntryGivesABareValueAndParsesInputsFromItsSignature() async throws {
        let flow = try Self.example("flex-function")
        let pool = try Self.pool(flow)
        defer { pool.shutdown() }
        let executor = try await FlowExecutor(flow: flow, pythonRunner: pool)
        let result = try await executor.run(inputs: ["name": "Ada", "excited": "TRUE", "extra": 1])
        #expect(result.bareOutput == "Hello, Ada!")
        #expect(result.outputs == ["output": "Hello, Ada!"])
        #expect(try await executor.run(inputs: ["name": "Bob"]).bareOutput == "Hello, Bob.")
        // No inputs at all: a run never falls back to `sample.inputs` (pf serve answers 400; only flow test uses it).
        await Self.expectUserError("Required input fields ['name'] are missing in request data {}") {
            _ = try await executor.run(inputs: [:])
        }
        await Self.expectUserError("Required input fields ['name'] are missing in request data {'excited': True}") {
            _ = try await executor.run(inputs: ["excited": true])
        }
        await Self.expectUserError(
            "The input for flow is incorrect. The value for flow input 'excited' does not match the expected type "
                + "'bool'. Please change flow input type or adjust the input value in your input data."
        ) {
            _ = try await executor.run(inputs: ["name": "Ada", "excited": "maybe"])
        }
    }

    @Test func streamingExampleYieldsSentencesAndAggregates() async throws {
        let flow = try Self.example("flex-stream")
        let pool = try Self.pool(flow)
        defer { pool.shutdown() }
        let executor = try await FlowExecutor(flow: flow, pythonRunner: pool)
        #expect(executor.flow.inputs.map(\.name) == ["topic", "sentences"])
        #expect(executor.flow.inputs.map(\.isRequired) == [true, false])
        let streamed = try await executor.run(inputs: ["topic": "rivers", "sentences": 2], stream: true)
        var chunks: [String] = []
        for try await chunk in try #require(streamed.stream).chunks { chunks.append(chunk) }
        #expect(chunks == ["Sentence 1 about rivers! ", "Sentence 2 about rivers! "])
        let joined = try await executor.run(inputs: ["topic": "lakes", "sentences": 1])
        #expect(joined.bareOutput == "Sentence 1 about lakes! ")
        let aggregation = try await executor.runAggregation(lines: [joined.record, joined.record])
        #expect(aggregation.metrics == ["lines": 2, "mean_words": 4.0])
    }

    @Test func exceptionsNameTheCalledFunctionLikePromptflow() async throws {
        let folder = try EngineFlowFolder([
            "flow.flex.yaml": "entry: entry:Checker\n",
            "entry.py": """
            class Checker:
                def __init__(self, limit: int = 3):
                    self.limit = limit

                def __call__(self, n: int) -> dict:
                    if n > self.limit:
                        raise ValueError(f"{n} is over {self.limit}")
                    return {"n": n}
            """,
        ])
        let flow = try folder.load()
        let pool = try Self.pool(flow)
        defer { pool.shutdown() }
        let executor = try await FlowExecutor(flow: flow, pythonRunner: pool)
        #expect(try await executor.run(inputs: ["n": 2]).outputs == ["n": 2])
        await #expect {
            _ = try await executor.run(inputs: ["n": 5])
        } throws: { error in
            let error = error as? FlowRunError
            return error?.kind == .user
                && error?.message == "Execution failure in 'Checker.__call__': (ValueError) 5 is over 3"
                && error?.record?.nodes.first?.status == .failed
        }
        await Self.expectUserError(
            "Failed to initialize flow entry with '{'limit': 'x', 'other': 1}', ex:'Checker.__init__() got an "
                + "unexpected keyword argument 'other'."
        ) {
            _ = try await FlowExecutor(flow: flow, pythonRunner: pool, initValues: ["limit": "x", "other": 1])
        }
    }

    @Test func aClassEntryIsBuiltOncePerWorker() async throws {
        let folder = try EngineFlowFolder([
            "flow.flex.yaml": "entry: counter:Counter\n",
            "counter.py": """
            import os

            class Counter:
                def __init__(self):
                    self.calls = 0

                def __call__(self) -> dict:
                    self.calls += 1
                    return {"calls": self.calls, "pid": os.getpid()}
            """,
        ])
        let flow = try folder.load()
        let pool = try Self.pool(flow)
        defer { pool.shutdown() }
        let executor = try await FlowExecutor(flow: flow, pythonRunner: pool)
        let first = try await executor.run(inputs: [:]).outputs
        let second = try await executor.run(inputs: [:]).outputs
        #expect(first["pid"] == second["pid"])
        // Load-time building (for the init check) and both runs share one instance on the one worker.
        #expect(first["calls"] == 1 && second["calls"] == 2)
    }

    @Test func generatorEntryStreamsOrJoinsAndDataclassesBecomeDicts() async throws {
        let folder = try EngineFlowFolder([
            "flow.flex.yaml": "entry: words:words\n",
            "words.py": """
            def words(text: str):
                for word in text.split():
                    yield word + " "
            """,
            "shape/flow.flex.yaml": "entry: shape:shape\n",
            "shape/shape.py": """
            from dataclasses import dataclass

            @dataclass
            class Shape:
                name: str
                sides: int

            def shape(sides: int = 3):
                return Shape(name="triangle" if sides == 3 else "other", sides=sides)
            """,
        ])
        let flow = try folder.load()
        let pool = try Self.pool(flow)
        defer { pool.shutdown() }
        let executor = try await FlowExecutor(flow: flow, pythonRunner: pool)
        let streamed = try await executor.run(inputs: ["text": "a b c"], stream: true)
        var chunks: [String] = []
        for try await chunk in try #require(streamed.stream).chunks { chunks.append(chunk) }
        #expect(chunks == ["a ", "b ", "c "])
        #expect(streamed.stream?.name == "output")
        let joined = try await executor.run(inputs: ["text": "a b c"])
        #expect(joined.bareOutput == "a b c ")

        let shapeFlow = try FlowLoader.load(path: folder.url.appendingPathComponent("shape").path)
        let shapePool = try Self.pool(shapeFlow)
        defer { shapePool.shutdown() }
        let shapes = try await FlowExecutor(flow: shapeFlow, pythonRunner: shapePool)
        let shape = try await shapes.run(inputs: ["sides": 3])
        #expect(shape.outputs == ["name": "triangle", "sides": 3])
        #expect(shape.bareOutput == nil)
    }

    @Test func connectionTypedInitValuesAndInputsGetConnectionObjects() async throws {
        let folder = try EngineFlowFolder([
            "flow.flex.yaml": """
            entry: client:Client
            init:
              conn:
                type: CustomConnection
            sample:
              init:
                conn: my_conn
            """,
            "client.py": """
            from promptflow.connections import CustomConnection

            class Client:
                def __init__(self, conn: CustomConnection):
                    self.conn = conn

                def __call__(self, other: CustomConnection, key: str) -> dict:
                    return {"init": self.conn.configs[key], "input": other.secrets["token"][:2]}
            """,
        ])
        let flow = try folder.load()
        let pool = try Self.pool(flow)
        defer { pool.shutdown() }
        let connections = StaticConnections([
            Connection(name: "my_conn", type: "custom", configs: ["region": "west"], secrets: ["token": "s3cret"]),
            Connection(name: "other_conn", type: "custom", configs: [:], secrets: ["token": "t0ken"]),
        ])
        let executor = try await FlowExecutor(flow: flow, connections: connections, pythonRunner: pool)
        let result = try await executor.run(inputs: ["other": "other_conn", "key": "region"])
        #expect(result.outputs == ["init": "west", "input": "t0"])
        #expect(result.record.inputs["other"] == "other_conn")
        await Self.expectUserError(
            "Connection 'nope' required by init parameter 'conn' of the flow entry is not found."
        ) {
            _ = try await FlowExecutor(
                flow: flow, connections: connections, pythonRunner: pool, initValues: ["conn": "nope"])
        }
    }

    @Test func aCallOverItsTimeoutIsASystemErrorAndTheNextRunGetsAFreshWorker() async throws {
        let folder = try EngineFlowFolder([
            "flow.flex.yaml": "entry: slow:Slow\n",
            "slow.py": """
            import time

            class Slow:
                def __call__(self, seconds: float) -> dict:
                    time.sleep(seconds)
                    return {"slept": seconds}
            """,
        ])
        let flow = try folder.load()
        let pool = try Self.pool(flow)
        defer { pool.shutdown() }
        let executor = try await FlowExecutor(flow: flow, pythonRunner: pool, pythonTimeout: .seconds(5))
        await #expect {
            _ = try await executor.run(inputs: ["seconds": 60])
        } throws: { error in
            let error = error as? FlowRunError
            return error?.kind == .system && error?.message.hasPrefix("Execution failure in 'Slow.__call__': ") == true
        }
        // The replacement worker builds its own instance and answers.
        #expect(try await executor.run(inputs: ["seconds": 0]).outputs == ["slept": 0.0])
    }

    @Test func loadErrorsUsePromptflowWording() async throws {
        let folder = try EngineFlowFolder([
            "flow.flex.yaml": "entry: entry:missing\n",
            "entry.py": "def present():\n    return 1\n",
        ])
        let flow = try folder.load()
        let pool = try Self.pool(flow)
        defer { pool.shutdown() }
        await Self.expectUserError("Failed to load python function 'missing' from file 'entry', got None.") {
            _ = try await FlowExecutor(flow: flow, pythonRunner: pool)
        }
    }
}
