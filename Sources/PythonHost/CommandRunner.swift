import Foundation

/// Runs a one-shot command (venv, pip) with stdout and stderr merged, handing each line to `progress`
/// as it comes and keeping the last lines for error messages.
struct CommandRunner {
    struct Outcome {
        var status: Int32
        var lastLines: [String]
    }

    static func run(
        _ executable: URL, _ arguments: [String], workingDirectory: URL? = nil, keepLines: Int = 15,
        progress: @escaping @Sendable (String) -> Void
    ) async throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let workingDirectory { process.currentDirectoryURL = workingDirectory }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        let exitStatus = ExitStatus()
        process.terminationHandler = { process in
            exitStatus.value =
                process.terminationReason == .uncaughtSignal
                ? 128 + process.terminationStatus : process.terminationStatus
            exited.signal()
        }
        try process.run()
        let descriptor = output.fileHandleForReading.fileDescriptor
        return await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
            let reader = Thread {
                var lines: [String] = []
                var partial: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 1 << 14)
                func emit() {
                    let line = String(decoding: partial, as: UTF8.self)
                    partial.removeAll(keepingCapacity: true)
                    progress(line)
                    lines.append(line)
                    if lines.count > keepLines { lines.removeFirst() }
                }
                while true {
                    let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                    if count < 0, errno == EINTR { continue }
                    if count <= 0 { break }
                    for byte in buffer[0..<count] {
                        if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                            if !partial.isEmpty { emit() }
                        } else {
                            partial.append(byte)
                        }
                    }
                }
                if !partial.isEmpty { emit() }
                exited.wait()
                continuation.resume(returning: Outcome(status: exitStatus.value, lastLines: lines))
            }
            reader.start()
        }
    }

    /// Written by the termination handler before it signals, read after the wait.
    private final class ExitStatus: @unchecked Sendable {
        var value: Int32 = 0
    }
}
