import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One `flowgate flow serve` child process of a process instance, on a loopback port of its own; its standard
/// output and error go line by line to `log`.
final class ProcessChild: @unchecked Sendable {
    let port: Int
    private let process = Process()
    private let output = Pipe()

    /// Spawns `executable flow serve <folder> --host 127.0.0.1 --port <free port>` with `arguments` after it.
    init(
        executable: URL, folder: URL, arguments: [String], environment: [String: String],
        log: @escaping @Sendable (String) -> Void
    ) throws {
        port = try Self.freePort()
        process.executableURL = executable
        process.arguments =
            ["flow", "serve", folder.path, "--host", "127.0.0.1", "--port", String(port)] + arguments
        process.environment = environment
        process.currentDirectoryURL = folder
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.run()
        // The parent's copy of the write end (closed already by Foundation on most platforms; a second close
        // is a no-op on the same handle), so the end of the child's output reads as end of file.
        try? output.fileHandleForWriting.close()
        // A thread of its own, blocking in read(2): a readability handler is never told about end of file on
        // Linux, and the last words of a crashing child often come without a newline.
        let reader = output.fileHandleForReading
        Thread.detachNewThread {
            let pending = LineBuffer()
            while true {
                let data = reader.availableData
                if data.isEmpty { break }
                for line in pending.append(data) { log(line) }
            }
            if let rest = pending.finish() { log(rest) }
            try? reader.close()
        }
    }

    var isRunning: Bool { process.isRunning }
    var pid: Int32 { process.processIdentifier }

    /// How the child ended (`nil` while it runs), as a reason for a restart.
    var exitReason: String? {
        guard !process.isRunning else { return nil }
        let status = process.terminationStatus
        return process.terminationReason == .uncaughtSignal
            ? "killed by signal \(status)" : "exited with status \(status)"
    }

    /// SIGTERM, then SIGKILL when the child still runs after `grace`.
    func terminate(grace: Duration) async {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: grace)
        while process.isRunning, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// SIGKILL now (a hung child).
    func killNow() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// A port the kernel has free on 127.0.0.1 now (bound to port 0, read back, released).
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0
                    && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Splits a child's output into lines across reads (one reading thread uses it). A line without its newline after
/// `maxPending` bytes is handed over as it is (a child printing a megabyte on one line must not grow the server's
/// memory); `\r\n` counts as one newline.
private final class LineBuffer {
    static let maxPending = 64 << 10
    private var pending = Data()

    func append(_ data: Data) -> [String] {
        pending.append(data)
        var lines: [String] = []
        while let newline = pending.firstIndex(of: 0x0A) {
            lines.append(Self.text(pending[pending.startIndex..<newline]))
            pending.removeSubrange(pending.startIndex...newline)
        }
        if pending.count > Self.maxPending {
            lines.append(Self.text(pending))
            pending.removeAll()
        }
        return lines
    }

    /// What is left after the last newline, once the output ended.
    func finish() -> String? {
        defer { pending.removeAll() }
        return pending.isEmpty ? nil : Self.text(pending)
    }

    private static func text(_ bytes: Data) -> String {
        let trimmed = bytes.last == 0x0D ? bytes.dropLast() : bytes[...]
        return String(decoding: trimmed, as: UTF8.self)
    }
}
