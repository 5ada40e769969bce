import Foundation

@testable import PythonHost

/// A temporary flow folder with the tool files the PythonHost tests call, and a log sink that records lines.
final class ToolFlowFixture: @unchecked Sendable {
    let directory: URL
    private let lock = NSLock()
    private var lines: [String] = []
    private var lineWaiters: [(id: UUID, text: String, continuation: CheckedContinuation<Bool, Never>)] = []

    static let tools: [String: String] = [
        "tools/add.py": """
        from promptflow.core import tool

        @tool
        def add(a: int, b: int = 10, label: str = "sum") -> dict:
            return {"label": label, "value": a + b}
        """,
        "tools/greet_async.py": """
        import asyncio
        from promptflow import tool

        @tool
        async def greet(name: str) -> str:
            await asyncio.sleep(0.01)
            return "hello " + name
        """,
        "tools/count.py": """
        from promptflow.core import tool

        @tool
        def count(n: int):
            for i in range(n):
                yield "chunk%d" % i
        """,
        "tools/count_async.py": """
        import asyncio
        from promptflow.core import tool

        @tool(name="async counter", description="counts", custom_flag=True)
        async def count_async(n: int, prefix: str = "a"):
            for i in range(n):
                await asyncio.sleep(0)
                yield "%s%d" % (prefix, i)
        """,
        "tools/noisy.py": """
        import os, sys
        from promptflow.core import tool

        @tool
        def noisy(marker: str) -> str:
            print("stdout says", marker)
            print("stderr says", marker, file=sys.stderr)
            os.write(1, b"raw fd1 write\\n")
            return "quiet " + marker
        """,
        "tools/fail.py": """
        from promptflow.core import tool

        class QuotaExceeded(Exception):
            pass

        def check(n):
            if n > 1:
                raise QuotaExceeded("quota of %d exceeded" % n)

        @tool
        def fail(n: int) -> int:
            check(n)
            return n
        """,
        "tools/crash.py": """
        import os
        from promptflow.core import tool

        @tool
        def crash(how: str) -> str:
            if how == "exit":
                os._exit(3)
            if how == "segfault":
                import ctypes
                ctypes.string_at(0)
            return "survived"
        """,
        "tools/span.py": """
        import time
        from promptflow.core import tool

        @tool
        def span(seconds: float) -> list:
            start = time.monotonic()
            time.sleep(seconds)
            return [start, time.monotonic()]
        """,
        "tools/gate.py": """
        import os, signal, time
        from promptflow.core import tool

        @tool
        def gate(path: str, then: str = "return") -> str:
            while not os.path.exists(path):
                time.sleep(0.005)
            if then == "exit":
                os._exit(3)
            if then == "signal":
                os.kill(os.getpid(), signal.SIGKILL)
            return "opened"
        """,
        "tools/hold.py": """
        import os, time
        from promptflow.core import tool

        @tool
        def hold(path: str) -> str:
            while not os.path.exists(path):
                time.sleep(0.005)
            return "released"
        """,
        "tools/sleepy.py": """
        import time
        from promptflow.core import tool

        @tool
        def sleepy(seconds: float) -> float:
            time.sleep(seconds)
            return seconds
        """,
        "tools/conn.py": """
        from promptflow.core import tool
        from promptflow.connections import CustomConnection, AzureOpenAIConnection, OpenAIConnection

        @tool
        def describe(custom: CustomConnection, azure: AzureOpenAIConnection, openai: OpenAIConnection) -> dict:
            return {
                "custom": [type(custom).__name__, custom.name, custom.endpoint, custom["token"], custom.configs, custom.is_secret("token")],
                "azure": [type(azure).__name__, azure.api_base, azure.api_key, azure.api_version, azure.api_type, azure.auth_mode],
                "openai": [type(openai).__name__, openai.api_key, openai.base_url, openai.organization],
            }
        """,
        "tools/metrics.py": """
        from promptflow.core import tool, log_metric

        @tool
        def aggregate(scores: list) -> float:
            mean = sum(scores) / len(scores)
            log_metric("mean", mean)
            log_metric("count", len(scores), variant_id="variant_1")
            return mean
        """,
        "tools/signature.py": """
        from typing import Optional
        from promptflow.core import tool
        from promptflow.connections import CustomConnection
        from promptflow.contracts.types import PromptTemplate

        @tool
        def render(prompt: PromptTemplate, conn: CustomConnection, temperature: float = 0.5, n: Optional[int] = None, stop: list = ["a"], flag: bool = False, extra=None, **kwargs) -> str:
            return ""
        """,
        "tools/two_tools.py": """
        from promptflow.core import tool

        @tool
        def one() -> int:
            return 1

        @tool
        def two() -> int:
            return 2
        """,
        "lib/helper.py": """
        def shout(text):
            return text.upper() + "!"
        """,
        "tools/uses_helper.py": """
        from promptflow.core import tool
        from lib.helper import shout
        from shared_words import WORD

        @tool
        def use(text: str) -> str:
            return shout(text) + " " + WORD
        """,
        "flex_entries.py": """
        import asyncio
        from dataclasses import dataclass
        from promptflow.core import log_metric
        from promptflow.connections import CustomConnection

        def plain(x: int, y: int = 2) -> int:
            return x * y

        async def later(x: int) -> dict:
            await asyncio.sleep(0)
            return {"later": x}

        async def numbers(n: int):
            for i in range(n):
                await asyncio.sleep(0)
                yield i

        @dataclass
        class Pair:
            left: int
            right: int

        def pair(a: int):
            return Pair(left=a, right=(str(c) for c in range(a)))

        class Greeter:
            built = 0

            def __init__(self, greeting: str, conn: CustomConnection = None):
                Greeter.built += 1
                self.greeting = greeting
                self.conn = conn

            def __call__(self, name: str) -> dict:
                log_metric("calls", 1)
                region = self.conn.configs["region"] if self.conn else None
                return {"text": self.greeting + " " + name, "built": Greeter.built, "region": region}

            def __aggregate__(self, results: list) -> dict:
                return {"n": len(results)}

        class Failing:
            def __init__(self, conn: CustomConnection):
                raise RuntimeError("cannot start")

            def __call__(self):
                return 1

        class NoCall:
            pass
        """,
        "../shared/shared_words.py": """
        WORD = "included"
        """,
    ]

    init() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("flowgate-pyhost-\(UUID().uuidString)")
        directory = root.appendingPathComponent("flow")
        for (path, source) in Self.tools {
            let file = directory.appendingPathComponent(path).standardizedFileURL
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try source.write(to: file, atomically: true, encoding: .utf8)
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: directory.deletingLastPathComponent())
    }

    func configuration() throws -> PythonWorkerConfiguration {
        PythonWorkerConfiguration(
            python: try PythonInterpreter.resolve(), flowDirectory: directory, additionalIncludes: ["../shared"],
            logSink: { [weak self] line in self?.record(line) })
    }

    private func record(_ line: String) {
        lock.lock()
        lines.append(line)
        let ready = lineWaiters.filter { line.contains($0.text) }
        lineWaiters.removeAll { line.contains($0.text) }
        lock.unlock()
        for waiter in ready { waiter.continuation.resume(returning: true) }
    }

    var logLines: [String] { lock.withLock { lines } }

    /// A path in the fixture's folder that `tools/gate.py` waits for; `open(gate:)` creates it.
    func gatePath(_ name: String) -> String {
        directory.deletingLastPathComponent().appendingPathComponent("gate-\(name)").path
    }

    func open(gate name: String) {
        FileManager.default.createFile(atPath: gatePath(name), contents: Data())
    }

    /// Waits until a logged line contains `text`; false after `timeout` seconds without one.
    func waitForLog(containing text: String, timeout: Double = 10) async -> Bool {
        let id = UUID()
        return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            lock.lock()
            if lines.contains(where: { $0.contains(text) }) {
                lock.unlock()
                continuation.resume(returning: true)
                return
            }
            lineWaiters.append((id, text, continuation))
            lock.unlock()
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [self] in
                lock.lock()
                let expired = lineWaiters.first { $0.id == id }
                lineWaiters.removeAll { $0.id == id }
                lock.unlock()
                expired?.continuation.resume(returning: false)
            }
        }
    }
}

/// JSON text as Data, for call arguments.
func json(_ text: String) -> Data { Data(text.utf8) }

/// A JSON result as text, for comparing with what Python's json.dumps wrote.
func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }
