import FlowgateTestSupport

/// Small flows the serving tests write into temporary folders.
enum FlowFixtures {
    /// One string input echoed by a python tool.
    static let echo: [String: String] = [
        "flow.dag.yaml": TestFlowFiles.echoFlowYAML(output: "output_echo", text: "${inputs.text}"),
        "echo.py": """
        from promptflow.core import tool

        @tool
        def echo(text: str) -> str:
            return "Echo: " + text
        """,
    ]

    /// promptflow's python stream tools flow: a generator yielding each word of "Echo: <text>" plus a space.
    static let streamEcho: [String: String] = [
        "flow.dag.yaml": """
        inputs:
          text:
            type: string
        outputs:
          output_echo:
            type: string
            reference: ${echo_stream.output}
          length:
            type: int
            reference: ${count.output}
        nodes:

        """
            + TestFlowFiles.pythonNodeEntry("echo_stream", inputs: ["text": "${inputs.text}"])
            + TestFlowFiles.pythonNodeEntry("count", inputs: ["text": "${inputs.text}"]),
        "echo_stream.py": """
        from promptflow.core import tool

        @tool
        def echo_stream(text: str):
            for word in ("Echo: " + text).split():
                yield word + " "
        """,
        "count.py": """
        from promptflow.core import tool

        @tool
        def count(text: str) -> int:
            return len(text)
        """,
    ]

    /// Typed inputs (one required int, defaults), an evaluation-only output, and extra outputs.
    static let typed: [String: String] = [
        "flow.dag.yaml": """
        inputs:
          text:
            type: string
          count:
            type: int
          tags:
            type: list
            default: []
        outputs:
          summary:
            type: string
            reference: ${describe.output.summary}
          total:
            type: int
            reference: ${describe.output.total}
          score:
            type: double
            reference: ${describe.output.score}
            evaluation_only: true

        """
            + TestFlowFiles.pythonNode(
                "describe", inputs: ["text": "${inputs.text}", "count": "${inputs.count}", "tags": "${inputs.tags}"]),
        "describe.py": """
        from promptflow.core import tool

        @tool
        def describe(text: str, count: int, tags: list) -> dict:
            if text == "fail":
                raise ValueError("text must not be 'fail'")
            return {"summary": text * count, "total": count + len(tags), "score": 0.5}
        """,
    ]

    /// No inputs: a literal output through a prompt node.
    static let noInputs: [String: String] = [
        "flow.dag.yaml": """
        inputs: {}
        outputs:
          greeting:
            type: string
            reference: ${hello.output}
        nodes:
        - name: hello
          type: prompt
          source:
            type: code
            path: hello.jinja2
          inputs:
            name: world
        """,
        "hello.jinja2": "Hello, {{ name }}! Caf\u{e9}",
    ]

    /// A python tool that waits until a flag file exists (or `seconds` pass), so tests control when it ends.
    static let waiting: [String: String] = [
        "flow.dag.yaml": flagFlowYAML(node: "wait", output: "waited"),
        "flag.py": flagModule,
        "wait.py": """
        from flag import started_then_wait
        from promptflow.core import tool

        @tool
        def wait(flag: str, seconds: float) -> str:
            return "done" if started_then_wait(flag, seconds) else "timed out"
        """,
    ]

    /// A generator that yields one chunk, then waits for `flag` (up to `seconds`) before yielding a last one.
    static let waitingStream: [String: String] = [
        "flow.dag.yaml": flagFlowYAML(node: "talk", output: "answer"),
        "flag.py": flagModule,
        "talk.py": """
        from flag import started_then_wait
        from promptflow.core import tool

        @tool
        def talk(flag: str, seconds: float):
            yield "first "
            started_then_wait(flag, seconds)
            yield "last"
        """,
    ]

    /// A flow whose one python node `node` (`node.py`) gets the inputs `flag` and `seconds` (default 120) and whose
    /// string output `output` is what the node returns.
    private static func flagFlowYAML(node: String, output: String) -> String {
        """
        inputs:
          flag:
            type: string
          seconds:
            type: double
            default: 120
        outputs:
          \(output):
            type: string
            reference: ${\(node).output}

        """ + TestFlowFiles.pythonNode(node, inputs: ["flag": "${inputs.flag}", "seconds": "${inputs.seconds}"])
    }

    /// The flag-waiting tools' shared module: `started_then_wait` writes `flag.started` (the worker's pid), then
    /// waits until `flag` exists (True) or `seconds` passed (False).
    private static let flagModule = """
        import os
        import time


        def started_then_wait(flag: str, seconds: float) -> bool:
            with open(flag + ".started", "w") as f:
                f.write(str(os.getpid()))
            deadline = time.time() + seconds
            while time.time() < deadline:
                if os.path.exists(flag):
                    return True
                time.sleep(0.01)
            return False
        """

    /// Two outputs each fed by a generator.
    static let twoStreams: [String: String] = [
        "flow.dag.yaml": """
        inputs:
          text:
            type: string
        outputs:
          first:
            type: string
            reference: ${one.output}
          second:
            type: string
            reference: ${two.output}
        nodes:

        """
            + TestFlowFiles.pythonNodeEntry("one", path: "gen.py", inputs: ["text": "${inputs.text}"])
            + TestFlowFiles.pythonNodeEntry("two", path: "gen.py", inputs: ["text": "${inputs.text}"]),
        "gen.py": """
        from promptflow.core import tool

        @tool
        def gen(text: str):
            for word in text.split():
                yield word
        """,
    ]
}
