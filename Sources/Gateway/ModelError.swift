import FlowSpec
import FlowServer
import Foundation
import HTTPTypes
import Hummingbird

/// The 424 answer for an instance that failed (status ≥ 400 other than 408): Azure's
/// `ms-azureml-model-error-statuscode` / `-reason` headers and the instance's own JSON error body.
struct ModelError: Sendable {
    static let statusCodeHeader = HTTPField.Name("ms-azureml-model-error-statuscode")!
    static let reasonHeader = HTTPField.Name("ms-azureml-model-error-reason")!
    static let failedDependency = HTTPResponse.Status(code: 424, reasonPhrase: "Failed Dependency")
    /// The longest reason header value.
    static let maxReasonLength = 256

    var instanceStatus: HTTPResponse.Status
    var body: ByteBuffer

    /// The error's message from promptflow's `{"error": {"message": ...}}`, else the body's text, else the
    /// status's reason phrase; printable ASCII only and at most `maxReasonLength` characters.
    var reason: String {
        let data = Data(buffer: body)
        var message: String?
        if let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let error = object["error"] as? [String: Any], let text = error["message"] as? String
        {
            message = text
        } else if let text = String(bytes: data, encoding: .utf8), !text.isEmpty {
            message = text
        }
        return Self.headerSafe(message ?? instanceStatus.reasonPhrase)
    }

    /// Whitespace becomes a space, other characters outside printable ASCII become `?`; cut to the limit.
    static func headerSafe(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if result.unicodeScalars.count >= maxReasonLength { break }
            switch scalar.value {
            case 0x20...0x7E: result.unicodeScalars.append(scalar)
            case 0x09, 0x0A, 0x0D: result += " "
            default: result += "?"
            }
        }
        return result.trimmingCharacters(in: .whitespaces)
    }

    /// The instance's body when it is JSON (promptflow's always is), else promptflow's error shape around the reason.
    var responseBody: ByteBuffer {
        if (try? FlowValue(jsonBytes: Array(buffer: body))) != nil {
            return body
        }
        let code = instanceStatus.code < 500 ? "UserError" : "SystemError"
        return ErrorResponse(status: instanceStatus, code: code, message: reason).body
    }

    var response: Response {
        let headers: HTTPFields = [
            .contentType: "application/json",
            Self.statusCodeHeader: String(instanceStatus.code),
            Self.reasonHeader: reason,
        ]
        return Response(status: Self.failedDependency, headers: headers, body: .init(byteBuffer: responseBody))
    }
}
