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
            context.requestID = UUID().uuidString
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
}
