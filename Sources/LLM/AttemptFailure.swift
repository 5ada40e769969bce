/// One failed HTTP attempt, as the retry loop sees it: the error to report, whether another attempt
/// may help, and how long the server asked us to wait.
struct AttemptFailure: Error {
    var error: LLMError
    var retriable: Bool
    var retryAfter: Duration?
}
