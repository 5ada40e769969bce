import FlowSpec
import NIOCore

/// A `/score` body turned into the flow's inputs, decoded once: a JSON object whatever the Content-Type;
/// any other body is the value of the flow's only input; a flow without inputs ignores the body.
enum ScoreInputs {
    static func decode(_ body: ByteBuffer, inputs: [FlowInput]) throws(ErrorResponse) -> FlowObject {
        if inputs.isEmpty { return FlowObject() }
        let bytes = Array(body.readableBytesView)
        if case .object(let object)? = try? FlowValue(jsonBytes: bytes) {
            return object
        }
        guard inputs.count == 1 else {
            throw .user(
                "Promptflow executor received non json data, but there's more than 1 input fields, "
                    + "please use json request data instead.")
        }
        return [inputs[0].name: .string(String(decoding: bytes, as: UTF8.self))]
    }
}
