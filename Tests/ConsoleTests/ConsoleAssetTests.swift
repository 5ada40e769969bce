import Foundation
import Testing

@testable import Console

@Suite("Console assets")
struct ConsoleAssetTests {
    static let assetsFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/Console/assets")

    @Test("index.html is embedded and served as UTF-8 HTML")
    func indexIsEmbedded() throws {
        let asset = try #require(ConsoleAsset.named("index.html"))
        #expect(asset.contentType == "text/html; charset=utf-8")
        #expect(String(decoding: asset.bytes, as: UTF8.self).contains("<title>Flowgate</title>"))
        #expect(ConsoleAsset.named("missing.js") == nil)
    }

    @Test("every file in the assets folder is in the table, with the folder's bytes, and names are unique")
    func tableMatchesFolder() throws {
        let enumerator = try #require(
            FileManager.default.enumerator(at: Self.assetsFolder, includingPropertiesForKeys: [.isRegularFileKey]))
        var files: [URL] = []
        for case let url as URL in enumerator
        where try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true {
            files.append(url)
        }
        let names = files.map(\.lastPathComponent)
        #expect(files.count > 10)
        #expect(Set(names).count == names.count, "asset file names must be unique across folders: \(names.sorted())")
        #expect(Set(names) == Set(ConsoleAsset.names))
        for file in files {
            let asset = try #require(ConsoleAsset.named(file.lastPathComponent))
            let bytes = [UInt8](try Data(contentsOf: file))
            #expect(asset.bytes == bytes, "\(file.lastPathComponent) differs from the embedded copy")
        }
    }

    @Test("no inline scripts, no inline styles, no external URLs in any asset")
    func noInlineScriptsOrExternalURLs() throws {
        for name in ConsoleAsset.names {
            let text = String(decoding: try #require(ConsoleAsset.named(name)).bytes, as: UTF8.self)
            if name.hasSuffix(".html") {
                for tag in text.components(separatedBy: "<script").dropFirst() {
                    #expect(tag.prefix(while: { $0 != ">" }).contains("src="), "\(name) has an inline script")
                }
                #expect(!text.contains(" style=\""), "\(name) has an inline style attribute")
                #expect(!text.contains("<style"), "\(name) has an inline style element")
                #expect(
                    text.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) == nil,
                    "\(name) has an inline handler")
            }
            for scheme in ["http://", "https://"] {
                let found = text.components(separatedBy: scheme).dropFirst().map { String($0.prefix(30)) }
                    .filter { !$0.hasPrefix("www.w3.org/2000/svg") }
                #expect(found.isEmpty, "\(name) names an external URL: \(found)")
            }
        }
    }

    @Test("ETags differ when bytes differ and are stable")
    func etags() {
        #expect(ConsoleAsset.etag(of: Array("a".utf8)) == ConsoleAsset.etag(of: Array("a".utf8)))
        #expect(ConsoleAsset.etag(of: Array("a".utf8)) != ConsoleAsset.etag(of: Array("b".utf8)))
        #expect(ConsoleAsset.etag(of: []).count == 18)
    }
}
