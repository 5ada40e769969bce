import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One chromedriver's HTTP endpoint: sends W3C WebDriver commands and unwraps their `value`.
/// Errors (`{"value":{"error":...,"message":...}}`) become `WebDriverError.command`.
struct WebDriverConnection: Sendable {
    /// `http://127.0.0.1:PORT`.
    let baseURL: String

    /// A client that gives up on a refused connection at once (chromedriver is local: nothing to retry),
    /// never shut down, like `HTTPClient.shared`.
    static let client = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup,
        configuration: HTTPClient.Configuration(timeout: .init(connect: .seconds(5))))

    /// Sends one command; returns the response's `value` member.
    func send(
        _ method: HTTPMethod, _ path: String, _ body: WebDriverValue? = nil, timeout: Duration = .seconds(120)
    ) async throws -> WebDriverValue {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
            request.body = .bytes(ByteBuffer(data: try body.encoded()))
        } else if method == .POST {
            request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
            request.body = .bytes(ByteBuffer(string: "{}"))
        }
        let response = try await Self.client.execute(request, timeout: .nanoseconds(Int64(timeout.nanoseconds)))
        let bytes = Array(buffer: try await response.body.collect(upTo: 64 << 20))
        let answer: WebDriverValue
        do {
            answer = try WebDriverValue.decode(bytes)
        } catch {
            throw WebDriverError.malformedResponse(path: path, body: String(decoding: bytes.prefix(300), as: UTF8.self))
        }
        let value = answer["value"] ?? .null
        if let error = value["error"]?.string {
            throw WebDriverError.command(
                method: method.rawValue, path: path, error: error, message: value["message"]?.string ?? "")
        }
        guard (200..<300).contains(response.status.code) else {
            throw WebDriverError.malformedResponse(path: path, body: String(decoding: bytes.prefix(300), as: UTF8.self))
        }
        return value
    }
}

extension Duration {
    /// Whole nanoseconds (WebDriver and AsyncHTTPClient timeouts).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
