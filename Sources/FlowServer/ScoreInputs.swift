import FlowEngine
import FlowSpec
import NIOCore

/// A `/score` body turned into the flow's inputs, decoded once, as promptflow's serving app does: a body that
/// parses as JSON is the request data whatever the Content-Type; a body that does not is the value of the flow's
/// only input; a flow without inputs ignores the body.
enum ScoreInputs {
    static func decode(_ body: ByteBuffer, inputs: [FlowInput]) throws(ErrorResponse) -> FlowObject {
        if inputs.isEmpty { return FlowObject() }
        let bytes = Array(body.readableBytesView)
        guard let value = try? FlowValue(jsonBytes: bytes) else {
            guard inputs.count == 1 else {
                throw .user(
                    "Promptflow executor received non json data, but there's more than 1 input fields, "
                        + "please use json request data instead.")
            }
            return [inputs[0].name: .string(String(decoding: bytes, as: UTF8.self))]
        }
        if case .object(let object) = value { return object }
        // JSON that is not an object (`"hi"`, `[1, 2]`, `42`, `null`) carries no input names: promptflow reports
        // the required inputs as missing, with the data as Python writes it. With none required there is no
        // sensible reading of the body, so it is refused rather than guessed at.
        let required = inputs.filter(\.isRequired).map(\.name)
        if required.isEmpty {
            throw .user(
                "The request data must be a JSON object of the flow's inputs; got \(PythonRepr.repr(value)).")
        }
        throw .user(
            "Required input fields \(PythonRepr.repr(strings: required)) are missing in request data "
                + PythonRepr.repr(value))
    }
}
