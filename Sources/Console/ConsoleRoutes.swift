import Foundation
import HTTPTypes
import Hummingbird

/// Mounts the console on a router: `GET /` answers `index.html` (or `page` for a one-page mount) and
/// `GET /console/{file}` answers the embedded asset, with a strict content security policy and an ETag.
public struct ConsoleRoutes: Sendable {
    /// The HTML file served at `/`: `index.html` for `flowgate server`, `flowpage.html` for `flowgate flow serve`.
    public let page: String

    public init(page: String = "index.html") {
        self.page = page
    }

    /// The console's routes on `router`. An unknown asset throws `HTTPError(.notFound)`, so the router's
    /// unknown-route handling answers it in the platform's JSON error shape.
    public func add<Context: RequestContext>(to router: Router<Context>) {
        let page = self.page
        router.get("/") { request, _ in
            try Self.response(for: page, request: request)
        }
        router.get("/console/{file}") { request, context in
            try Self.response(for: context.parameters.get("file") ?? "", request: request)
        }
    }

    /// The answer for one asset: 200 with its bytes, 304 when `If-None-Match` names its ETag.
    static func response(for name: String, request: Request) throws -> Response {
        guard let asset = ConsoleAsset.named(name) else { throw HTTPError(.notFound) }
        var headers = securityHeaders
        headers[.eTag] = asset.etag
        headers[.cacheControl] = "no-cache"
        if let match = request.headers[.ifNoneMatch],
            match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == asset.etag })
        {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = asset.contentType
        headers[.contentLength] = String(asset.bytes.count)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }

    /// No inline script or style, nothing from another origin, no framing.
    public static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy: contentSecurityPolicy,
        .xContentTypeOptions: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
    ]
}
