import Testing
@testable import FlowServer

@Suite struct FlowServerLimitsTests {
    @Test func defaultBodyLimitIsSixteenMebibytes() {
        #expect(FlowServerLimits().maxBodyBytes == 16 * 1024 * 1024)
    }
}
