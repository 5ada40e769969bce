import Foundation
import Synchronization
import Testing

@testable import Platform

/// A process instance's child output reaches the deployment log line by line: `\r\n` is one newline, the last words
/// without a newline (a crash message) are kept, and a newline-less flood is cut into bounded pieces.
@Suite struct ProcessChildOutputTests {
    final class Lines: Sendable {
        let list = Mutex<[String]>([])
    }

    /// Runs `script` as the child (`sh flow serve …` runs the folder's `flow` file) and returns its output lines.
    func lines(of script: String) async throws -> [String] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flowgate-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try script.write(to: folder.appendingPathComponent("flow"), atomically: true, encoding: .utf8)
        let lines = Lines()
        let child = try ProcessChild(
            executable: URL(fileURLWithPath: "/bin/sh"), folder: folder, arguments: [], environment: [:],
            log: { line in lines.list.withLock { $0.append(line) } })
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(60))
        while child.isRunning || !lines.list.withLock({ $0.contains("<end>") || $0.last?.hasSuffix("words") == true }) {
            guard clock.now < deadline else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        return lines.list.withLock { $0 }
    }

    @Test func linesCarriageReturnsAndTheLastWordsWithoutANewline() async throws {
        let lines = try await lines(of: "printf 'one\\r\\ntwo\\n\\nlast words'\nexit 3\n")
        #expect(lines == ["one", "two", "", "last words"])
    }

    @Test func aFloodWithoutNewlinesIsCutIntoBoundedPieces() async throws {
        let lines = try await lines(of: "head -c 200000 /dev/zero | tr '\\000' x\necho\necho '<end>'\n")
        #expect(lines.last == "<end>")
        let pieces = lines.dropLast()
        #expect(pieces.count >= 2, "\(pieces.map(\.count))")
        #expect(pieces.allSatisfy { $0.utf8.count <= 200_000 && $0.allSatisfy { $0 == "x" } })
        #expect(pieces.reduce(0) { $0 + $1.count } == 200_000)
    }
}
