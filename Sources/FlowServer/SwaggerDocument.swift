// Entry points (the /swagger.json route calls these once, at startup):
//   SwaggerDocument.build(flow: Flow, flowName: String? = nil, samples: FlowValue? = nil,
//                         includedFields: [String]? = nil) -> FlowValue
//   SwaggerDocument.loadSamples(flowDirectory: URL) throws(SwaggerSamplesError) -> FlowValue?
//   SwaggerDocument.body(_ document: FlowValue) -> [UInt8]     (send with Content-Type: application/json)
import FlowSpec
import Foundation

/// promptflow's OpenAPI 3.0 document for one served flow (`GET /swagger.json`), built as promptflow 1.18.5's
/// `generate_swagger` builds it from the flow's inputs and outputs, plus the `/feedback` path and a `samples.json` example.
///
/// `build` returns the document in promptflow's key order; `body(_:)` writes it byte for byte as `pf flow serve`
/// (Flask `jsonify`) sends it: keys sorted, no spaces, non-ASCII escaped, a trailing newline.
/// A flex flow's inputs and outputs come from its entry's signature in promptflow: pass a `Flow` whose `inputs` and
/// `outputs` hold them (defaults as `str()` of the Python default, outputs from a TypedDict/dataclass return).
public enum SwaggerDocument {
    /// Builds the document.
    /// - Parameters:
    ///   - flow: the loaded flow; its inputs and outputs, in declaration order, become the request and response schemas.
    ///   - flowName: `x-flow-name`, the title and the summary; promptflow uses the folder's name (default `flow.name`).
    ///   - samples: the parsed `samples.json`; its first element is the request example when it is a non-empty list.
    ///   - includedFields: `PROMPTFLOW_RESPONSE_INCLUDED_FIELDS` parsed as a list; when set, only these outputs are
    ///     described (evaluation-only outputs stay hidden even when listed, as in promptflow).
    public static func build(
        flow: Flow, flowName: String? = nil, samples: FlowValue? = nil, includedFields: [String]? = nil
    ) -> FlowValue {
        let name = flowName ?? flow.name
        var info: FlowObject = [
            "title": .string("Promptflow[\(name)] API"),
            "version": "1.0.0",
            "x-flow-name": .string(name),
        ]

        var inputSchema: FlowObject = ["type": "object"]
        if !flow.inputs.isEmpty {
            var properties = FlowObject()
            for input in flow.inputs {
                if input.isChatInput {
                    info["x-chat-input"] = .string(input.name)
                    info["x-flow-type"] = "chat"
                }
                // Only the flag counts here: promptflow's swagger does not fall back to an input named chat_history.
                if input.isChatHistory { info["x-chat-history"] = .string(input.name) }
                properties[input.name] = .object(inputProperty(input))
            }
            inputSchema["properties"] = .object(properties)
            inputSchema["required"] = .list(flow.inputs.map { .string($0.name) })
        }

        var outputSchema: FlowObject = ["type": "object"]
        if !flow.outputs.isEmpty {
            var properties = FlowObject()
            for output in flow.outputs where !output.evaluationOnly {
                if output.isChatOutput { info["x-chat-output"] = .string(output.name) }
                if let includedFields, !includedFields.contains(output.name) { continue }
                properties[output.name] = .object(outputProperty(output))
            }
            outputSchema["properties"] = .object(properties)
        }

        let score: FlowObject = [
            "post": [
                "summary": .string("run promptflow: \(name) with an given input"),
                "requestBody": [
                    "description": "promptflow input data",
                    "required": .bool(!flow.inputs.isEmpty),
                    "content": [
                        "application/json": ["schema": .object(inputSchema), "example": example(from: samples)]
                    ],
                ],
                "responses": [
                    "200": [
                        "description": "successful operation",
                        "content": ["application/json": ["schema": .object(outputSchema)]],
                    ],
                    "400": ["description": "Invalid input"],
                    "default": ["description": "unexpected error"],
                ],
            ]
        ]

        let document: FlowObject = [
            "openapi": "3.0.0",
            "info": .object(info),
            "components": ["securitySchemes": ["bearerAuth": ["type": "http", "scheme": "bearer"]]],
            "security": [["bearerAuth": []]],
            "paths": ["/score": .object(score), "/feedback": feedbackPath],
        ]
        return .object(document)
    }

    /// Reads `samples.json` from the flow folder; `nil` when there is none (promptflow's example is then `{}`).
    public static func loadSamples(flowDirectory: URL) throws(SwaggerSamplesError) -> FlowValue? {
        let url = flowDirectory.appendingPathComponent("samples.json")
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw SwaggerSamplesError(message: "samples.json could not be read: \(error.localizedDescription)")
        }
        do {
            return try FlowValue(jsonBytes: [UInt8](data))
        } catch {
            throw SwaggerSamplesError(message: "samples.json is not valid JSON: \(error)")
        }
    }

    /// promptflow's example: the first sample of a non-empty list, else an empty object (a non-list is skipped).
    static func example(from samples: FlowValue?) -> FlowValue {
        guard let samples, samples.isPythonTruthy, case .list(let list) = samples, let first = list.first else {
            return .object([:])
        }
        return first
    }

    /// One request property: type, then description and default when they are truthy in Python's sense.
    static func inputProperty(_ input: FlowInput) -> FlowObject {
        var schema: FlowObject = ["type": .string(openAPIType(input.type))]
        if let description = input.description, !description.isEmpty { schema["description"] = .string(description) }
        if let defaultValue = input.defaultValue, defaultValue.isPythonTruthy { schema["default"] = defaultValue }
        addContainerKeywords(for: input.type, to: &schema)
        return schema
    }

    /// One response property: type, then description when it is not empty.
    static func outputProperty(_ output: FlowOutput) -> FlowObject {
        // An output without a declared type (possible in prompty front matter) is described as an object.
        let type = output.type ?? .object
        var schema: FlowObject = ["type": .string(openAPIType(type))]
        if let description = output.description, !description.isEmpty { schema["description"] = .string(description) }
        addContainerKeywords(for: type, to: &schema)
        return schema
    }

    static func addContainerKeywords(for type: ValueType, to schema: inout FlowObject) {
        switch type {
        case .object: schema["additionalProperties"] = .object([:])
        case .list: schema["items"] = ["type": "object", "additionalProperties": .object([:])]
        default: break
        }
    }

    /// promptflow's `type_mapping`; images are described as objects.
    static func openAPIType(_ type: ValueType) -> String {
        switch type {
        case .int: "integer"
        case .double: "number"
        case .bool: "boolean"
        case .string: "string"
        case .list: "array"
        case .object, .image: "object"
        }
    }
}

extension FlowValue {
    /// Python's truthiness: `None`, `False`, zero, and empty strings, lists and dicts are false.
    fileprivate var isPythonTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let value): value
        case .int(let value): value != 0
        case .double(let value): value != 0
        case .string(let value): !value.isEmpty
        case .list(let value): !value.isEmpty
        case .object(let value): !value.isEmpty
        }
    }
}
