import Foundation
import Hummingbird
import Logging

/// Outermost middleware: takes the request id (`x-request-id`, `x-ms-client-request-id`, else a new UUID) and
/// echoes it, turns unknown routes and methods into promptflow's 404 sentence, logs one line per request
/// (id, method, path, status, latency; never bodies). `/score` is logged by telemetry when the request finishes
/// (same fields plus the trace id), so it is not logged twice.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = FlowRequestContext
    let logger: Logger

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        var context = context
        if let id = request.headers[.flowRequestID], !id.isEmpty {
            context.requestID = id
        } else if let id = request.headers[.flowClientRequestID], !id.isEmpty {
            context.requestID = id
            context.requestIDHeader = .flowClientRequestID
        } else {
            context.requestID = Self.newRequestID()
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            response = ErrorResponse.unsupported(path: request.uri.path, method: request.method).response
        } catch let error as HTTPError {
            let message = error.body ?? error.status.reasonPhrase
            response =
                ErrorResponse(
                    status: error.status, code: error.status.code < 500 ? "UserError" : "SystemError", message: message
                ).response
        } catch {
            response = ErrorResponse.system("The request failed: \(error)").response
        }
        response.headers[context.requestIDHeader] = context.requestID
        if logger.logLevel <= .info, request.uri.path != "/score" {
            let elapsed = (ContinuousClock.now - start).components
            let microseconds = elapsed.seconds * 1_000_000 + elapsed.attoseconds / 1_000_000_000_000
            logger.info(
                "request",
                metadata: [
                    "request_id": .string(context.requestID), "method": .string(request.method.rawValue),
                    "path": .string(request.uri.path), "status": .stringConvertible(response.status.code),
                    "latency_us": .stringConvertible(microseconds),
                ])
        }
        return response
    }

    /// A random (version 4) UUID string, as `UUID().uuidString` writes it, from the system generator
    /// (`getrandom`): Foundation's `UUID()` opens, reads and closes /dev/urandom per call (~4% of the
    /// executor thread's CPU per python-only request in a perf profile).
    static func newRequestID() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { buffer in
            buffer.storeBytes(of: generator.next() as UInt64, toByteOffset: 0, as: UInt64.self)
            buffer.storeBytes(of: generator.next() as UInt64, toByteOffset: 8, as: UInt64.self)
            buffer[6] = buffer[6] & 0x0F | 0x40
            buffer[8] = buffer[8] & 0x3F | 0x80
        }
        return UUID(uuid: bytes).uuidString
    }
}
