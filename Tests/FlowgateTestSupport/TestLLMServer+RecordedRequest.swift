import Foundation

extension TestLLMServer {
    /// One request the test server received, for tests to assert paths, headers and bodies.
    /// Header names are lower-cased; the body is kept as the raw text that arrived.
    public struct RecordedRequest: Sendable, Equatable {
        public var method: String
        public var path: String
        public var query: [String: String]
        public var headers: [String: String]
        public var body: String
        /// The client's TCP port: equal ports mean one reused connection.
        public var clientPort: Int?

        /// The body as a JSON object (nil when it is not one).
        public var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        }
    }
}
