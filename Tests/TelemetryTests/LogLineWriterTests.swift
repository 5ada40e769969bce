import Foundation
import Logging
import Testing

@testable import Telemetry

#if canImport(Glibc)
    import Glibc
#endif

/// The batched log writer on a real pipe: what it writes, in which order, and when. A flush that never returns
/// (a writer stuck on a failing descriptor) fails on the time limit instead of hanging the run.
@Suite(.timeLimit(.minutes(1))) struct LogLineWriterTests {
    /// A pipe whose read end the test polls; the writer gets the write end.
    final class PipeEnds {
        let read: Int32
        let write: Int32
        init() {
            var ends: [Int32] = [0, 0]
            precondition(pipe(&ends) == 0)
            read = ends[0]
            write = ends[1]
            _ = fcntl(read, F_SETFL, fcntl(read, F_GETFL) | O_NONBLOCK)
        }
        deinit {
            close(read)
            close(write)
        }

        /// What is readable within `milliseconds` (empty when nothing arrives).
        func available(waiting milliseconds: Int32) -> String {
            var collected: [UInt8] = []
            var waiting = pollfd(fd: read, events: Int16(POLLIN), revents: 0)
            guard poll(&waiting, 1, milliseconds) > 0 else { return "" }
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = Glibc.read(read, &buffer, buffer.count)
                if count <= 0 { break }
                collected += buffer[0..<count]
            }
            return String(decoding: collected, as: UTF8.self)
        }

        /// Everything readable until `text` has arrived or 30 s passed.
        func collect(until text: String) -> String {
            var all = ""
            let deadline = Date().addingTimeInterval(30)
            while !all.contains(text), Date() < deadline { all += available(waiting: 100) }
            return all
        }
    }

    @Test func flushWritesEveryLineInOrderWithOneNewlineEach() {
        let pipe = PipeEnds()
        let writer = LogLineWriter(fileDescriptor: pipe.write, interval: .seconds(60))
        defer { writer.stop() }
        for index in 0..<500 { writer.append(Array("line \(index)".utf8)) }
        writer.append(Array("already terminated\n".utf8))
        writer.flush()
        let text = pipe.available(waiting: 5_000)
        let expected = (0..<500).map { "line \($0)\n" }.joined() + "already terminated\n"
        #expect(text == expected)
    }

    @Test func infoLinesWaitForTheBatchButAnUrgentLineTakesThemAlongAtOnce() {
        let pipe = PipeEnds()
        let writer = LogLineWriter(fileDescriptor: pipe.write, interval: .seconds(60))
        defer { writer.stop() }
        writer.append(Array("info one".utf8))
        // The batch gathers for a minute: nothing is written in the meantime.
        #expect(pipe.available(waiting: 300) == "")
        writer.append(Array("warning two".utf8), urgent: true)
        #expect(pipe.collect(until: "warning two\n") == "info one\nwarning two\n")
    }

    @Test func aBatchIsWrittenAfterTheIntervalWithoutAFlush() {
        let pipe = PipeEnds()
        let writer = LogLineWriter(fileDescriptor: pipe.write, interval: .milliseconds(20))
        defer { writer.stop() }
        writer.append(Array("first".utf8))
        writer.append(Array("second".utf8))
        #expect(pipe.collect(until: "second\n") == "first\nsecond\n")
    }

    @Test func aFullBufferIsWrittenWithoutWaitingForTheInterval() {
        let pipe = PipeEnds()
        let writer = LogLineWriter(fileDescriptor: pipe.write, interval: .seconds(60), highWater: 1_000)
        defer { writer.stop() }
        let line = String(repeating: "x", count: 99)
        for _ in 0..<12 { writer.append(Array(line.utf8)) }
        let text = pipe.collect(until: line + "\n" + line + "\n" + line)
        #expect(text.utf8.count >= 1_000)
        #expect(text.split(separator: "\n").allSatisfy { $0 == line })
    }

    @Test func aClosedDescriptorDropsLinesWithoutBlockingTheCaller() {
        _ = signal(SIGPIPE, SIG_IGN)  // as every flowgate process that starts python workers does
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        close(ends[0])
        let writer = LogLineWriter(fileDescriptor: ends[1], interval: .milliseconds(1))
        for index in 0..<100 { writer.append(Array("lost \(index)".utf8), urgent: index % 10 == 0) }
        writer.flush()  // returns although nothing could be written (EPIPE)
        writer.stop()
        close(ends[1])
    }

    @Test func handlerLinesCarryUTCMillisecondsLevelLabelMessageAndSortedMetadata() {
        let pipe = PipeEnds()
        let writer = LogLineWriter(fileDescriptor: pipe.write, interval: .seconds(60))
        defer { writer.stop() }
        var logger = Logger(label: "flowgate.serve") { LineLogHandler(label: $0, writer: writer) }
        logger[metadataKey: "component"] = "telemetry"
        logger.info("request finished", metadata: ["status": "200", "latency_ms": "0.25"])
        logger.debug("not at info level")
        logger.warning("slow")
        let text = pipe.collect(until: "slow component=telemetry\n")
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        let pattern = #/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (.*)$/#
        let first = try? pattern.wholeMatch(in: lines[0])?.output.1
        #expect(
            first.map(String.init)
                == "info flowgate.serve: request finished component=telemetry latency_ms=0.25 status=200")
        let second = try? pattern.wholeMatch(in: lines[1])?.output.1
        #expect(second.map(String.init) == "warning flowgate.serve: slow component=telemetry")
    }

    /// A key in several layers is written once, with the message's value over the provider's over the logger's.
    @Test func aMessagesMetadataWinsOverTheProvidersWhichWinsOverTheLoggers() {
        let pipe = PipeEnds()
        let writer = LogLineWriter(fileDescriptor: pipe.write, interval: .seconds(60))
        defer { writer.stop() }
        let provider = Logger.MetadataProvider { ["who": "provider", "shared": "provider", "zone": "z"] }
        var logger = Logger(label: "t") { LineLogHandler(label: $0, writer: writer, metadataProvider: provider) }
        logger[metadataKey: "who"] = "logger"
        logger[metadataKey: "shared"] = "logger"
        logger[metadataKey: "alone"] = "a"
        logger.warning("m", metadata: ["shared": "message", "extra": "e"])
        let line = pipe.collect(until: "zone=z\n")
        #expect(line.hasSuffix(" warning t: m alone=a extra=e shared=message who=provider zone=z\n"))
    }

    @Test func timestampsAreUTCWithMillisecondsAcrossSecondsAndBeforeTheEpoch() {
        func text(_ milliseconds: Int) -> String {
            String(decoding: LogTimestamp.format(milliseconds: milliseconds), as: UTF8.self)
        }
        #expect(text(1_800_000_000_900) == "2027-01-15T08:00:00.900Z")
        #expect(text(1_800_000_000_007) == "2027-01-15T08:00:00.007Z")
        #expect(text(1_800_000_001_050) == "2027-01-15T08:00:01.050Z")
        #expect(text(1_800_000_000_999) == "2027-01-15T08:00:00.999Z")
        #expect(text(0) == "1970-01-01T00:00:00.000Z")
        #expect(text(-1) == "1969-12-31T23:59:59.999Z")
        #expect(LogTimestamp.text(Date(timeIntervalSince1970: 1_800_000_000.9)) == "2027-01-15T08:00:00.900Z")
    }
}
