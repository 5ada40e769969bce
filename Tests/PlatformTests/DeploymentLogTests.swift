import Foundation
import Logging
import Testing

@testable import Platform

/// A deployment's log on disk: rotation bounds the files, a new log over the same folder (a restarted server)
/// reads what the old one wrote, sources merge by time, one instance's lines alone, followers get the lines written
/// after they joined and end when the deployment goes; and the same without a folder (memory).
@Suite struct DeploymentLogTests {
    static let key = DeploymentKey("support-bot", "blue")
    static let base = Date(timeIntervalSince1970: 1_795_000_000)

    func folder(_ home: TemporaryHome) -> URL {
        home.root.appendingPathComponent("logs/support-bot/blue")
    }

    @Test func rotationKeepsAtMostTheConfiguredFilesOfTheConfiguredSize() async throws {
        let home = TemporaryHome()
        let rotation = LogRotation(maxFileBytes: 2_000, keptFiles: 2)
        let log = DeploymentLog(key: Self.key, folder: folder(home), rotation: rotation, logger: Logger(label: "t"))
        for index in 0..<400 { log.append(source: "blue-0", text: "line \(index) " + String(repeating: "x", count: 40)) }
        let tail = await log.tail(5)
        #expect(tail.count == 5)
        #expect(tail.last?.hasSuffix("line 399 " + String(repeating: "x", count: 40)) == true, "\(tail)")
        #expect(tail.first?.contains("info [blue-0] line 395 ") == true, "\(tail)")

        let names = try FileManager.default.contentsOfDirectory(atPath: folder(home).path).sorted()
        #expect(names == ["blue-0.log", "blue-0.log.1", "blue-0.log.2"])
        for name in names {
            let size = try FileManager.default.attributesOfItem(
                atPath: folder(home).appendingPathComponent(name).path)[.size] as? Int ?? -1
            #expect(size > 0 && size <= 2_000, "\(name): \(size) bytes")
        }
        // 400 lines of ~80 bytes is far more than three files hold: the oldest went, the newest are all there.
        let all = await log.tail(10_000)
        #expect(all.count < 400 && all.count > 40)
        #expect(all.last == tail.last)
        let numbers = all.compactMap { Int($0.split(separator: " ")[4]) }
        #expect(numbers == Array(numbers.first!...399), "contiguous, oldest first, across the rotated files")
        await log.close(removingFiles: false)
    }

    @Test func aNewLogOverTheSameFolderReadsWhatTheOldOneWrote() async throws {
        let home = TemporaryHome()
        let first = DeploymentLog(key: Self.key, folder: folder(home), logger: Logger(label: "t"))
        first.append(source: "provisioning", text: "environment ready", at: Self.base)
        first.append(source: "blue-0", text: "request finished status=200", at: Self.base.addingTimeInterval(1))
        await first.close(removingFiles: false)

        let restarted = DeploymentLog(key: Self.key, folder: folder(home), logger: Logger(label: "t"))
        let lines = await restarted.tail(10)
        #expect(lines.count == 2)
        #expect(lines[0].hasSuffix("info [provisioning] environment ready"))
        #expect(lines[1].hasSuffix("info [blue-0] request finished status=200"))
        restarted.append(source: "blue-0", text: "after the restart", at: Self.base.addingTimeInterval(2))
        let after = await restarted.tail(3)
        #expect(after.count == 3 && after[0] == lines[0] && after[1] == lines[1])
        #expect(after[2].hasSuffix("info [blue-0] after the restart"))
        await restarted.close(removingFiles: true)
        #expect(!FileManager.default.fileExists(atPath: folder(home).path))
    }

    @Test(arguments: [true, false])
    func sourcesMergeByTimeAndOneInstanceReadsAlone(onDisk: Bool) async throws {
        let home = TemporaryHome()
        let log = DeploymentLog(key: Self.key, folder: onDisk ? folder(home) : nil, logger: Logger(label: "t"))
        // Written out of time order across sources (as two instances' queues would deliver them).
        log.append(source: "blue-1", text: "b at 2", at: Self.base.addingTimeInterval(2))
        log.append(source: "blue-1", text: "b at 4", at: Self.base.addingTimeInterval(4))
        log.append(source: "blue-0", text: "a at 1", at: Self.base.addingTimeInterval(1))
        log.append(source: "blue-0", text: "a at 3\nsecond line of it", at: Self.base.addingTimeInterval(3))
        log.append(source: "provisioning", text: "p at 0", at: Self.base)
        let texts = { (lines: [String]) in lines.map { $0.split(separator: " ", maxSplits: 3).last.map(String.init) ?? "" } }
        if onDisk {
            #expect(texts(await log.tail(10)) == ["p at 0", "a at 1", "b at 2", "a at 3", "second line of it", "b at 4"])
        } else {
            // Memory keeps the order lines came in (there is one buffer).
            #expect(texts(await log.tail(10)) == ["b at 2", "b at 4", "a at 1", "a at 3", "second line of it", "p at 0"])
        }
        #expect(texts(await log.tail(3, source: "blue-0")) == ["a at 1", "a at 3", "second line of it"])
        #expect(texts(await log.tail(1, source: "blue-1")) == ["b at 4"])
        #expect(await log.tail(5, source: "blue-7").isEmpty)
        let second = await log.tail(10, source: "blue-0")[2]
        #expect(second.hasPrefix("2026-11-18T") && second.contains(" info [blue-0] second line of it"), "\(second)")
        await log.close(removingFiles: true)
    }

    @Test func aFollowerGetsTheTailThenNewLinesAndEndsWithTheDeployment() async throws {
        let home = TemporaryHome()
        let log = DeploymentLog(key: Self.key, folder: folder(home), logger: Logger(label: "t"))
        log.append(source: "blue-0", text: "before")
        log.append(source: "blue-1", text: "other instance before")
        let (tail, lines) = await log.follow(10, source: "blue-0")
        #expect(tail.count == 1 && tail[0].hasSuffix("[blue-0] before"))
        let (_, everything) = await log.follow(1)
        log.append(source: "blue-1", text: "other instance after")
        log.append(source: "blue-0", text: "after")
        var iterator = lines.makeAsyncIterator()
        let next = await iterator.next()
        #expect(next?.hasSuffix("[blue-0] after") == true, "\(next ?? "nil")")
        var all = everything.makeAsyncIterator()
        #expect(await all.next()?.hasSuffix("[blue-1] other instance after") == true)
        #expect(await all.next()?.hasSuffix("[blue-0] after") == true)

        await log.close(removingFiles: true)
        #expect(await iterator.next() == nil, "the stream ends when the deployment is deleted")
        #expect(await all.next() == nil)
        let (_, late) = await log.follow(1)
        var lateIterator = late.makeAsyncIterator()
        #expect(await lateIterator.next() == nil, "a follower after the end gets its tail only")
    }

    @Test func endFollowingEndsStreamsButKeepsWriting() async throws {
        let log = DeploymentLog(key: Self.key, folder: nil, logger: Logger(label: "t"))
        let (_, lines) = await log.follow(5)
        log.endFollowing()
        var iterator = lines.makeAsyncIterator()
        #expect(await iterator.next() == nil)
        log.append(source: "blue-0", text: "still kept")
        #expect(await log.tail(1).first?.hasSuffix("still kept") == true)
    }

    @Test func anUnwritableFolderDropsLinesAndFollowersStillGetThem() async throws {
        let home = TemporaryHome()
        try FileManager.default.createDirectory(at: home.root, withIntermediateDirectories: true)
        // A file where the folder should be: nothing can be created under it.
        let blocker = home.root.appendingPathComponent("logs")
        try Data("not a folder".utf8).write(to: blocker)
        let log = DeploymentLog(
            key: Self.key, folder: blocker.appendingPathComponent("support-bot/blue"), logger: Logger(label: "t"))
        let (_, lines) = await log.follow(5)
        for index in 0..<3 { log.append(source: "blue-0", text: "line \(index)") }
        var iterator = lines.makeAsyncIterator()
        #expect(await iterator.next()?.hasSuffix("line 0") == true)
        #expect(await log.tail(5).isEmpty)
        await log.close(removingFiles: true)
    }

    @Test func aLongLineIsCut() async throws {
        let log = DeploymentLog(key: Self.key, folder: nil, logger: Logger(label: "t"))
        log.append(source: "blue-0", text: String(repeating: "y", count: 10_000))
        let line = try #require(await log.tail(1).first)
        #expect(line.hasSuffix(String(repeating: "y", count: DeploymentLog.maxLineLength) + "…"))
    }
}
