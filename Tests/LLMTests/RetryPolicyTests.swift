import Foundation
import Testing

@testable import LLM

/// Backoff arithmetic and `Retry-After` parsing.
@Suite struct RetryPolicyTests {
    @Test func backoffDoublesAndIsCapped() {
        let policy = RetryPolicy(initialDelay: .seconds(3), maxDelay: .seconds(60), jitter: 0)
        let delays = (0..<8).map { policy.delay(beforeRetry: $0, retryAfter: nil) }
        #expect(delays == [3, 6, 12, 24, 48, 60, 60, 60].map { Duration.seconds($0) })
        #expect(policy.delay(beforeRetry: 500, retryAfter: nil) == .seconds(60))
    }

    @Test func jitterOnlyShortensTheWait() {
        let policy = RetryPolicy(initialDelay: .seconds(4), jitter: 0.25)
        for _ in 0..<100 {
            let delay = policy.delay(beforeRetry: 0, retryAfter: nil)
            #expect(delay >= .seconds(3) && delay <= .seconds(4))
        }
    }

    @Test func retryAfterIsHonouredUpToTheCap() {
        let policy = RetryPolicy()
        #expect(policy.delay(beforeRetry: 5, retryAfter: .seconds(2)) == .seconds(2))
        #expect(policy.delay(beforeRetry: 0, retryAfter: .seconds(3600)) == .seconds(60))
    }

    @Test func defaultsArePromptflows() {
        let policy = RetryPolicy.promptflow
        #expect(policy.maxRetries == 100)
        #expect(policy.maxConsecutiveUnprocessable == 3)
        #expect(policy.maxDelay == .seconds(60))
    }

    @Test func retryAfterHeaderForms() throws {
        let now = try #require(RetryAfter.httpDate("Wed, 21 Oct 2015 07:28:00 GMT"))
        #expect(RetryAfter.parse(retryAfterMs: nil, retryAfter: "3", now: now) == .seconds(3))
        #expect(RetryAfter.parse(retryAfterMs: nil, retryAfter: "1.5", now: now) == .milliseconds(1500))
        #expect(RetryAfter.parse(retryAfterMs: "20", retryAfter: "3", now: now) == .milliseconds(20))
        #expect(RetryAfter.parse(retryAfterMs: nil, retryAfter: "Wed, 21 Oct 2015 07:28:09 GMT", now: now) == .seconds(9))
        #expect(RetryAfter.parse(retryAfterMs: nil, retryAfter: "Wed, 21 Oct 2015 07:27:00 GMT", now: now) == .zero)
        #expect(RetryAfter.parse(retryAfterMs: nil, retryAfter: "soon", now: now) == nil)
        #expect(RetryAfter.parse(retryAfterMs: nil, retryAfter: nil, now: now) == nil)
    }
}
