/// Failures of the test LLM server itself (not the faults it plays on purpose).
/// `droppedOnPurpose` is thrown inside a response body to cut the connection.
public enum TestLLMServerError: Error {
    case couldNotStart
    /// Thrown inside a response body to make the server close the connection mid-answer.
    case droppedOnPurpose
}
