import Foundation
import FlowgateTestSupport

// The deterministic test LLM server (a test double, see Tests/FlowgateTestSupport) as a process, for the
// serving benchmark: `flowgate-test-llm [PORT] [CHUNK_DELAY_MS]` prints its base URL and runs until killed.
// It keeps no request log, so a long load run does not grow its memory, and answers a repeated request with the
// bytes it built the first time, so the load core spends its time in wrk, not in building the same answer again.
let arguments = CommandLine.arguments.dropFirst()
let port = arguments.first.flatMap { Int($0) } ?? 0
let chunkDelayMs = arguments.dropFirst().first.flatMap { Int($0) } ?? 0
let server = TestLLMServer(recordsRequests: false, memoizesAnswers: true)
if chunkDelayMs > 0 { server.setChunkDelay(.milliseconds(chunkDelayMs)) }
do {
    let baseURL = try await server.start(port: port)
    // Written unbuffered, so a script reading the pipe sees the URL at once.
    FileHandle.standardOutput.write(Data("\(baseURL)\n".utf8))
    while true { try await Task.sleep(for: .seconds(3600)) }
} catch {
    FileHandle.standardError.write(Data("flowgate-test-llm: \(error)\n".utf8))
    exit(1)
}
