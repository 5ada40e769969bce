import Foundation
import Testing

@testable import PythonHost

/// `PythonInterpreter.resolve` looks through launcher scripts (pyenv's shim) but keeps a venv's interpreter.
@Suite("PythonInterpreter")
struct PythonInterpreterTests {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("flowgate-python-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    static var path: String { ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin" }

    static func firstBytes(_ url: URL) throws -> [UInt8] {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        return [UInt8](try handle.read(upToCount: 2) ?? Data())
    }

    static func output(_ python: URL, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = python
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func aShellShimInFrontResolvesToTheInterpreterItRuns() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let bin = root.appendingPathComponent("shims")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let behind = try PythonInterpreter.resolve(environment: ["PATH": Self.path])
        let shim = bin.appendingPathComponent("python3")
        try Data("#!/bin/sh\nexec \"\(behind.path)\" \"$@\"\n".utf8).write(to: shim)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: shim.path)

        let resolved = try PythonInterpreter.resolve(environment: ["PATH": "\(bin.path):\(Self.path)"])
        #expect(resolved.path != shim.path)
        #expect(try Self.firstBytes(resolved) != Array("#!".utf8), "\(resolved.path) is a script")
        #expect(try Self.output(resolved, ["-c", "print(6 * 7)"]) == (0, "42\n"))
        #expect(try PythonInterpreter.resolve(environment: ["FLOWGATE_PYTHON": shim.path]) == resolved)
    }

    @Test func aVenvInterpreterStaysTheVenvs() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let base = try PythonInterpreter.resolve()
        let venv = root.appendingPathComponent("venv")
        #expect(try Self.output(base, ["-m", "venv", "--without-pip", venv.path]).0 == 0)
        let python = venv.appendingPathComponent("bin/python")
        let resolved = try PythonInterpreter.resolve(environment: ["FLOWGATE_PYTHON": python.path])
        #expect(resolved == python)
        #expect(try Self.output(resolved, ["-c", "import sys; print(sys.prefix != sys.base_prefix)"]) == (0, "True\n"))
    }
}
