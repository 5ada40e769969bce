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
        - name: echo_stream
          type: python
          source:
            type: code
            path: echo_stream.py
          inputs:
            text: ${inputs.text}
        - name: count
          type: python
          source:
            type: code
            path: count.py
          inputs:
            text: ${inputs.text}
        """,
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
        "flow.dag.yaml": """
        inputs:
          flag:
            type: string
          seconds:
            type: double
            default: 120
        outputs:
          waited:
            type: string
            reference: ${wait.output}

        """ + TestFlowFiles.pythonNode("wait", inputs: ["flag": "${inputs.flag}", "seconds": "${inputs.seconds}"]),
        "wait.py": """
        import os
        import time
        from promptflow.core import tool

        @tool
        def wait(flag: str, seconds: float) -> str:
            with open(flag + ".started", "w") as f:
                f.write(str(os.getpid()))
            deadline = time.time() + seconds
            while time.time() < deadline:
                if os.path.exists(flag):
                    return "done"
                time.sleep(0.01)
            return "timed out"
        """,
    ]

    /// A generator that yields one chunk, then waits for `flag` (up to `seconds`) before yielding a last one.
    static let waitingStream: [String: String] = [
        "flow.dag.yaml": """
        inputs:
          flag:
            type: string
          seconds:
            type: double
            default: 120
        outputs:
          answer:
            type: string
            reference: ${talk.output}

        """ + TestFlowFiles.pythonNode("talk", inputs: ["flag": "${inputs.flag}", "seconds": "${inputs.seconds}"]),
        "talk.py": """
        import os
        import time
        from promptflow.core import tool

        @tool
        def talk(flag: str, seconds: float):
            yield "first "
            with open(flag + ".started", "w") as f:
                f.write(str(os.getpid()))
            deadline = time.time() + seconds
            while time.time() < deadline and not os.path.exists(flag):
                time.sleep(0.01)
            yield "last"
        """,
    ]

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
        - name: one
          type: python
          source:
            type: code
            path: gen.py
          inputs:
            text: ${inputs.text}
        - name: two
          type: python
          source:
            type: code
            path: gen.py
          inputs:
            text: ${inputs.text}
        """,
        "gen.py": """
        from promptflow.core import tool

        @tool
        def gen(text: str):
            for word in text.split():
                yield word
        """,
    ]
}
