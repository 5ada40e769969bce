import AsyncHTTPClient
import FlowSpec
import Foundation
import NIOCore
import NIOHTTP1

/// The CLI's one way to talk to a Flowgate server's management API (`/api/v1`): it sends the admin key as
/// `Authorization: Bearer`, turns error answers into `ManagementAPIError`, and a refused socket into a hint to start one.
struct ManagementClient: Sendable {
    /// One answer: status, headers and the whole body.
    struct Response: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }
    }

    let target: ServerTarget
    let http: HTTPClient
    /// Bounds one API call (uploads included); scoring calls through `send(url:…)` pass their own.
    var timeout: TimeAmount = .seconds(300)
    /// Answers larger than this are refused (a list of resources is far smaller).
    static let maxResponseBytes = 64 << 20

    /// One client for the process, never shut down (like `HTTPClient.shared`), but with a 5 s connect timeout
    /// instead of 90 s, so a server that is not running is reported at once, and no redirects (the key stays put).
    static let sharedHTTP = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup,
        configuration: HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5)), decompression: .disabled))

    init(target: ServerTarget, http: HTTPClient = ManagementClient.sharedHTTP) {
        self.target = target
        self.http = http
    }

    /// `method /api/v1<path>` with an optional JSON body; returns the parsed JSON answer (`.null` for no body).
    @discardableResult
    func json(_ method: HTTPMethod, _ path: String, body: FlowValue? = nil) async throws -> FlowValue {
        let response = try await call(
            method, path, body: body.map { Array($0.json(.compact).utf8) },
            contentType: body == nil ? nil : "application/json")
        if response.body.isEmpty { return .null }
        do {
            return try FlowValue(jsonBytes: response.body)
        } catch {
            throw CLIError(
                "the server at \(target.url) answered \(method) \(path) with text that is not JSON (\(error)).")
        }
    }

    /// `method /api/v1<path>` with raw bytes; a non-2xx answer throws `ManagementAPIError`.
    func call(
        _ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, contentType: String? = nil
    ) async throws -> Response {
        var headers = HTTPHeaders()
        headers.add(name: "Accept", value: "application/json")
        if let contentType { headers.add(name: "Content-Type", value: contentType) }
        if let key = target.apiKey { headers.add(name: "Authorization", value: "Bearer \(key)") }
        let response = try await send(method, url: target.url + "/api/v1" + path, headers: headers, body: body)
        guard (200..<300).contains(response.status) else {
            throw ManagementAPIError(
                status: response.status, body: response.body, method: method.rawValue, path: path, target: target)
        }
        return response
    }

    /// Any request to `url` (the API or a scoring URI); transport failures become "cannot reach" errors.
    /// With `onChunk`, a 2xx body is handed over piece by piece as it arrives (a streamed answer) instead of
    /// being collected; the returned `body` is then empty.
    func send(
        _ method: HTTPMethod, url: String, headers: HTTPHeaders, body: [UInt8]?, timeout: TimeAmount? = nil,
        onChunk: (([UInt8]) -> Void)? = nil
    ) async throws -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers = headers
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let response = try await http.execute(request, deadline: .now() + (timeout ?? self.timeout))
            if let onChunk, (200..<300).contains(Int(response.status.code)) {
                for try await chunk in response.body { onChunk(Array(buffer: chunk)) }
                return Response(status: Int(response.status.code), headers: response.headers, body: [])
            }
            let buffer = try await response.body.collect(upTo: Self.maxResponseBytes)
            return Response(status: Int(response.status.code), headers: response.headers, body: Array(buffer: buffer))
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw CLIError(
                "the Flowgate server at \(target.url) did not answer \(method) \(Self.path(of: url)) in time.")
        } catch {
            throw CLIError(
                "cannot reach the Flowgate server at \(target.url): \(Self.describe(error)) "
                    + "(start it with `flowgate server`; the URL came from \(target.urlSource)).")
        }
    }

    private static func path(of url: String) -> String {
        URL(string: url)?.path ?? url
    }

    private static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }
}
