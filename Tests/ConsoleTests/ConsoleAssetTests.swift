import Testing

@testable import Console

@Suite("Console assets")
struct ConsoleAssetTests {
    @Test("index.html is embedded and served as UTF-8 HTML")
    func indexIsEmbedded() throws {
        let asset = try #require(ConsoleAsset.named("index.html"))
        #expect(asset.contentType == "text/html; charset=utf-8")
        #expect(String(decoding: asset.bytes, as: UTF8.self).contains("<title>Flowgate</title>"))
        #expect(ConsoleAsset.named("missing.js") == nil)
    }
}
