import FlowSpec
import FlowgateTestSupport
import Foundation
import PythonHost
import Testing

@testable import FlowEngine

/// Package tools (`source: {type: package, tool: …}`): promptflow's embedding tool on Flowgate's LLM client,
/// other package tools through the Python worker when importable, and a load error naming the node when not.
@Suite(.serialized) struct PackageToolTests {
    @Test func embeddingToolUsesTheLLMClient() async throws {
        let server = TestLLMServer()
        let url = try await server.start()
        do {
            try await Self.embed(server: server, url: url)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    static func embed(server: TestLLMServer, url: String) async throws {
        let folder = try EngineFlowFolder([
            "flow.dag.yaml": """
            inputs:
              text: {type: string}
            outputs:
              vector: {reference: '${embed.output}'}
            nodes:
            - name: embed
              type: python
              source: {type: package, tool: promptflow.tools.embedding.embedding}
              inputs:
                connection: open_ai_connection
                model: text-embedding-3-small
                input: ${inputs.text}
            """
        ])
        let executor = try await FlowExecutor(
            flow: try folder.load(), connections: StaticConnections.openAI(baseURL: url))
        let result = try await executor.run(inputs: ["text": "hello vectors"])
        let expected = TestLLMServer.embedding(for: "hello vectors")
        #expect(result.outputs["vector"] == .list(expected.map { .double($0) }))
        let request = try #require(server.requests.last)
        #expect(request.json?["model"] as? String == "text-embedding-3-small")
        #expect(result.record.node("embed")?.model == "text-embedding-3-small")
        #expect(result.record.node("embed")?.inputs["connection"] == nil)

        // Azure OpenAI: the node's `connection` and `deployment_name` pick the deployment.
        let azureFolder = try EngineFlowFolder([
            "flow.dag.yaml": """
            inputs:
              text: {type: string}
            outputs:
              vector: {reference: '${embed.output}'}
            nodes:
            - name: embed
              type: python
              source: {type: package, tool: promptflow.tools.embedding.embedding}
              connection: aoai
              inputs: {deployment_name: my-embed, input: '${inputs.text}'}
            """
        ])
        let azure = StaticConnections([
            Connection(
                name: "aoai", type: "azure_open_ai",
                configs: ["api_base": server.rootURL, "api_version": "2024-02-01"],
                secrets: ["api_key": "azure-key"])
        ])
        let azureExecutor = try await FlowExecutor(flow: try azureFolder.load(), connections: azure)
        let azureResult = try await azureExecutor.run(inputs: ["text": "azure text"])
        #expect(azureResult.outputs["vector"] == .list(TestLLMServer.embedding(for: "azure text").map { .double($0) }))
        let azureRequest = try #require(server.requests.last)
        #expect(azureRequest.path == "/openai/deployments/my-embed/embeddings")
        #expect(azureResult.record.node("embed")?.model == "my-embed")
    }

    @Test func otherPackageToolsRunInTheWorkerOrFailNamingTheNode() async throws {
        let folder = try EngineFlowFolder([
            "text_tools/__init__.py": "",
            "text_tools/shout.py": """
            from promptflow.core import tool

            @tool
            def shout(text: str, times: int = 1) -> str:
                return (text.upper() + "!") * times
            """,
            "flow.dag.yaml": """
            inputs:
              text: {type: string}
            outputs:
              loud: {reference: '${loud.output}'}
            nodes:
            - name: loud
              type: python
              source: {type: package, tool: text_tools.shout.shout}
              inputs: {text: '${inputs.text}', times: '2'}
            """,
            "broken/flow.dag.yaml": """
            outputs:
              x: {reference: '${missing.output}'}
            nodes:
            - name: missing
              type: python
              source: {type: package, tool: not_installed_pkg.tools.run}
              inputs: {}
            """,
        ])
        let flow = try folder.load()
        let pool = PythonWorkerPool(
            configuration: PythonWorkerConfiguration(
                python: try PythonInterpreter.resolve(), flowDirectory: flow.directory),
            size: 1)
        defer { pool.shutdown() }
        let executor = try await FlowExecutor(flow: flow, pythonRunner: pool)
        // The literal '2' is coerced to the inspected `int` parameter, as for code tools.
        #expect(try await executor.run(inputs: ["text": "hey"]).outputs == ["loud": "HEY!HEY!"])

        let broken = try FlowLoader.load(path: folder.url.appendingPathComponent("broken").path)
        let brokenPool = PythonWorkerPool(
            configuration: PythonWorkerConfiguration(
                python: try PythonInterpreter.resolve(), flowDirectory: broken.directory), size: 1)
        defer { brokenPool.shutdown() }
        await #expect {
            _ = try await FlowExecutor(flow: broken, pythonRunner: brokenPool)
        } throws: { error in
            let error = error as? FlowRunError
            return error?.kind == .user && error?.node == "missing"
                && error?.message
                    == "Failed to load package tool 'not_installed_pkg.tools.run' of node 'missing': Failed to load "
                    + "python module for not_installed_pkg.tools:run: (ModuleNotFoundError) No module named "
                    + "'not_installed_pkg'"
        }
    }
    @Test func classBasedPackageToolIsBuiltWithItsConnectionInput() async throws {
        let folder = try EngineFlowFolder([
            "search_tools/__init__.py": "",
            "search_tools/search.py": """
            from promptflow.core import tool
            from promptflow.connections import CustomConnection

            class Search:
                def __init__(self, connection: CustomConnection):
                    self.endpoint = connection.configs["endpoint"]

                @tool
                def search(self, query: str, top: int = 1) -> dict:
                    return {"url": self.endpoint + "?q=" + query, "top": top}
            """,
            "flow.dag.yaml": """
            inputs:
              q: {type: string}
            outputs:
              found: {reference: '${find.output}'}
            nodes:
            - name: find
              type: python
              source: {type: package, tool: search_tools.search.Search.search}
              inputs: {connection: search_conn, query: '${inputs.q}', top: '3'}
            """,
        ])
        let flow = try folder.load()
        let pool = PythonWorkerPool(
            configuration: PythonWorkerConfiguration(
                python: try PythonInterpreter.resolve(), flowDirectory: flow.directory),
            size: 1)
        defer { pool.shutdown() }
        let connections = StaticConnections([
            Connection(name: "search_conn", type: "custom", configs: ["endpoint": "https://search.test"], secrets: [:])
        ])
        let executor = try await FlowExecutor(flow: flow, connections: connections, pythonRunner: pool)
        let result = try await executor.run(inputs: ["q": "swift"])
        #expect(result.outputs["found"] == ["url": "https://search.test?q=swift", "top": 3])
        #expect(result.record.node("find")?.inputs == ["query": "swift", "top": 3])
    }
    @Test func customLLMNodeGetsItsTemplateAsThePromptTemplateParameter() async throws {
        let folder = try EngineFlowFolder([
            "vision_tools/__init__.py": "",
            "vision_tools/chat.py": """
            from promptflow.core import tool
            from promptflow.connections import CustomConnection
            from promptflow.contracts.types import PromptTemplate

            class Vision:
                def __init__(self, connection: CustomConnection):
                    self.name = connection.name

                @tool
                def chat(self, prompt: PromptTemplate, deployment_name: str, **kwargs) -> str:
                    text = prompt
                    for key, value in kwargs.items():
                        text = text.replace("{{" + key + "}}", str(value))
                    return f"{self.name}/{deployment_name}: {text.strip()}"
            """,
            "ask.jinja2": "user:\nDescribe {{question}}\n",
            "flow.dag.yaml": """
            inputs:
              question: {type: string}
            outputs:
              answer: {reference: '${ask.output}'}
            nodes:
            - name: ask
              type: custom_llm
              source: {type: package_with_prompt, tool: vision_tools.chat.Vision.chat, path: ask.jinja2}
              inputs: {connection: vision_conn, deployment_name: gpt-4v, question: '${inputs.question}'}
            """,
        ])
        let flow = try folder.load()
        let pool = PythonWorkerPool(
            configuration: PythonWorkerConfiguration(
                python: try PythonInterpreter.resolve(), flowDirectory: flow.directory),
            size: 1)
        defer { pool.shutdown() }
        let connections = StaticConnections([Connection(name: "vision_conn", type: "custom", configs: ["k": "v"])])
        let executor = try await FlowExecutor(flow: flow, connections: connections, pythonRunner: pool)
        let result = try await executor.run(inputs: ["question": "a cat"])
        #expect(result.outputs["answer"] == "vision_conn/gpt-4v: user:\nDescribe a cat")
    }
}
