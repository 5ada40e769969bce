import Foundation
import Testing

@testable import Platform

@Suite struct StoreCodingTests {
    @Test func timesRoundTripExactlyAsText() throws {
        for seconds in [0.0, 1.0005, 1_795_000_000.123, 1_795_000_000.9996, -1.5, 1_795_000_054.1239] {
            let date = Date(timeIntervalSince1970: seconds)
            let text = StoreCoding.text(date)
            #expect(try StoreCoding.date(text, column: "t") == StoreCoding.rounded(date), "\(text)")
            #expect(StoreCoding.text(try StoreCoding.date(text, column: "t")) == text)
        }
        #expect(StoreCoding.text(Date(timeIntervalSince1970: 1.5)) == "1970-01-01T00:00:01.500Z")
        #expect(StoreCoding.text(Date(timeIntervalSince1970: -1.5)) == "1969-12-31T23:59:58.500Z")
        #expect(throws: PlatformError.self) { try StoreCoding.date("yesterday", column: "t") }
    }
}
