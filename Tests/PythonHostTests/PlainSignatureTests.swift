import Foundation
import Testing

@testable import PythonHost

/// The host reads a plain tool's signature from its code object instead of importing inspect and typing (~20 ms of
/// every worker's start). For every function here, that reading must equal what inspect and typing say, and the
/// functions it cannot read exactly (wrappers, string or typing annotations, variadic or positional-only
/// parameters) must go to inspect.
@Suite struct PlainSignatureTests {
    static let script = #"""
        import functools, json, sys
        from typing import Optional, List
        sys.path.insert(0, sys.argv[1])
        import flowgate_host_inspect as host

        def deco(f):
            @functools.wraps(f)
            def wrapper(*a, **k):
                return f(*a, **k)
            return wrapper

        def plain(text: str, n: int = 3, *, flag: bool = False, extra=None, d: dict = {"x": 1}, f: float = 0.5): pass
        def untyped(a, b=[1, 2], c=None): pass
        def listed(items: list, weights: list = None) -> str: pass
        def gen(x: str): yield x
        async def coro(x: str): return x
        async def agen(x: str): yield x
        def optional(x, y: Optional[int] = None): pass
        def generic(x: List[int]): pass
        def stringly(x: "int", y: float = 1.5): pass
        def variadic(*args, **kwargs): pass
        def positional(x, /, y): pass
        @deco
        def wrapped(q: int, r: str = "s"): pass
        def odd(x: {"not": "hashable"}): pass
        def unserializable(x: str = object()): pass

        report = {}
        for f in (plain, untyped, listed, gen, coro, agen, optional, generic, stringly, variadic, positional, wrapped,
                  odd, unserializable):
            fast = host._plain_parameters(f) is not None
            name, parameters, is_generator, is_async = host._inspected(f)
            got = host.signature(f)
            want = dict(got, name=name, parameters=parameters, isGenerator=is_generator, isAsync=is_async)
            report[f.__name__] = {"fast": fast, "same": got == want}
        print(json.dumps(report))
        """#

    @Test func codeObjectSignaturesEqualInspectsAndOnlyPlainFunctionsTakeThatPath() throws {
        let directory = try #require(PythonHostResources.directory)
        let process = Process()
        process.executableURL = try PythonInterpreter.resolve()
        process.arguments = ["-c", Self.script, directory.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: Bool]])
        let fast: Set = ["plain", "untyped", "listed", "gen", "coro", "agen", "unserializable"]
        #expect(report.count == 14)
        for (name, entry) in report {
            #expect(entry["same"] == true, "\(name): the code-object signature differs from inspect's")
            #expect(entry["fast"] == fast.contains(name), "\(name): took the \(entry["fast"] == true ? "fast" : "inspect") path")
        }
    }
}
