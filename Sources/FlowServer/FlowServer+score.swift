import FlowEngine
import FlowSpec
import Hummingbird
import NIOCore
import Telemetry

extension FlowServer {
    /// `POST /score`: body read once (size-limited), decoded once, admitted, run under the line timeout,
    /// answered as JSON or SSE per `Accept`; metrics and spans recorded on the way.
    func score(_ request: Request, context: FlowRequestContext) async -> Response {
        await score(request, requestID: context.requestID)
    }

    /// `POST /score` for a caller that routes the request itself (the platform's gateway, in process):
    /// `requestID` becomes the run id; the answer is exactly what `flowgate flow serve` sends.
    public func score(_ request: Request, requestID: String) async -> Response {
        let trace = telemetry.startRequest(
            runID: requestID, method: "POST", path: "/score", traceparent: request.headers[.traceparent],
            tracestate: request.headers[.tracestate], baggage: request.headers[.baggage])
        let limits = configuration.limits
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limits.maxBodyBytes {
            return finish(trace, Self.tooLarge(limits.maxBodyBytes))
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limits.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            return finish(trace, Self.tooLarge(limits.maxBodyBytes))
        } catch {
            return finish(trace, .user("The request body could not be read."))
        }
        let given: FlowObject
        do {
            given = try ScoreInputs.decode(body, inputs: executor.flow.inputs)
        } catch {
            return finish(trace, error)
        }
        let recording = trace.recordsInputs
        if recording { trace.inputs(json: FlowValue.object(given).json(.compact)) }
        let accept = AcceptedMediaTypes(header: request.headers[.accept])
        let ticket: AdmissionTicket
        do {
            try await admission.acquire()
            ticket = AdmissionTicket(admission)
        } catch {
            return finish(trace, busy())
        }
        let deadline = LineDeadline(seconds: limits.lineTimeoutSeconds)
        let executor = self.executor
        let runID = requestID
        let stream = accept.eventStream
        var nodesRecorded = false
        do {
            let result = try await deadline.run {
                try await executor.run(inputs: given, runID: runID, stream: stream)
            }
            if let streamed = result.stream, stream, !hiddenOutputs.contains(streamed.name) {
                nodesRecorded = true
                return try eventStream(result, streamed: streamed, deadline: deadline, ticket: ticket, trace: trace)
            }
            for sample in samples.samples(result.record.nodes, recording: recording) { trace.node(sample) }
            nodesRecorded = true
            guard accept.json else {
                ticket.release()
                return finish(trace, accept.notAcceptable(supported: "application/json"))
            }
            var outputs = result.outputs
            if result.stream != nil {
                outputs = try await deadline.run {
                    try await result.joinedOutputs(order: executor.flow.outputs.map(\.name))
                }
            }
            ticket.release()
            let answer = result.bareOutput ?? .object(selected(outputs))
            if recording { trace.output(json: answer.json(.compact)) }
            trace.firstByte()
            trace.finish(statusCode: 200, streaming: false, exception: nil)
            return json(answer)
        } catch {
            ticket.release()
            if !nodesRecorded, let record = (error as? FlowRunError)?.record {
                for sample in samples.samples(record.nodes, recording: recording) { trace.node(sample) }
            }
            return finish(trace, failure(error))
        }
    }

    /// The error's response, with the request's telemetry finished.
    func finish(_ trace: RequestTelemetry, _ error: ErrorResponse) -> Response {
        trace.finish(statusCode: Int(error.status.code), streaming: false, exception: error.code)
        return error.response
    }

    /// The outputs a client is shown.
    func selected(_ outputs: FlowObject) -> FlowObject {
        if hiddenOutputs.isEmpty { return outputs }
        return FlowObject(outputs.filter { !hiddenOutputs.contains($0.key) }.map { ($0.key, $0.value) })
    }

    func json(_ value: FlowValue) -> Response {
        Response(status: .ok, headers: Self.jsonHeaders, body: .init(byteBuffer: FlaskJSON.body(value)))
    }

    /// An SSE response whose chunks are written as they arrive; the run slot is held until the last one.
    func eventStream(
        _ result: FlowRunResult, streamed: FlowRunResult.StreamedOutput, deadline: LineDeadline,
        ticket: AdmissionTicket, trace: RequestTelemetry
    ) throws(ErrorResponse) -> Response {
        let pending = streamableOutputs.filter { $0 != streamed.name && result.outputs[$0] == nil }
        if !pending.isEmpty {
            for sample in samples.samples(result.record.nodes, recording: trace.recordsInputs) { trace.node(sample) }
            throw .user("Multiple stream output fields not supported.")
        }
        let events = EventStreamBody(first: selected(result.outputs), field: streamed.name)
        let chunks = deadline.limit(streamed.chunks)
        let logger = self.logger
        let samples = self.samples
        let recording = trace.recordsInputs
        let body = ResponseBody { writer in
            var exception: String?
            // With recording on, the streamed text as written (bounded: the attribute is cut at its limit anyway).
            var joined = ""
            defer {
                ticket.release()
                for var sample in samples.samples(result.record.nodes, streamed: streamed, recording: recording) {
                    if recording, sample.name == streamed.node { sample.output = FlowValue.jsonString(joined) }
                    trace.node(sample)
                }
                if recording {
                    var answer = events.first
                    answer[events.field] = .string(joined)
                    trace.output(json: FlowValue.object(answer).json(.compact))
                }
                trace.finish(statusCode: 200, streaming: true, exception: exception)
            }
            var written = false
            if let first = events.firstEvent() {
                try await writer.write(first)
                trace.firstByte()
                written = true
            }
            let prefix = events.chunkPrefix()
            do {
                for try await chunk in chunks {
                    try await writer.write(EventStreamBody.chunkEvent(prefix: prefix, chunk: chunk))
                    if recording, joined.utf8.count < trace.recordLimit { joined += chunk }
                    if !written {
                        trace.firstByte()
                        written = true
                    }
                }
            } catch is LineDeadline.Expired {
                exception = "UserError"
                logger.warning(
                    "Streamed answer cut at the line timeout", metadata: ["run_id": "\(result.record.runID)"])
            } catch let error as FlowRunError {
                exception = error.kind.rawValue
                logger.warning("Streamed answer failed", metadata: ["run_id": "\(result.record.runID)"])
            } catch {
                exception = "SystemError"
                throw error
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: EventStreamBody.headers, body: body)
    }

    /// The error body for a failed run.
    func failure(_ error: any Error) -> ErrorResponse {
        switch error {
        case let error as ErrorResponse:
            return error
        case let error as FlowRunError:
            return error.kind == .user ? .user(error.message) : .system(error.message)
        case is LineDeadline.Expired:
            return .user(
                "Line execution timeout for exceeding \(Self.seconds(configuration.limits.lineTimeoutSeconds)) seconds; "
                    + "the run was cancelled.",
                status: .requestTimeout)
        case is CancellationError:
            return .system("The run was cancelled because the server is shutting down.")
        default:
            return .system("Flow execution failed: \(error)")
        }
    }

    func busy() -> ErrorResponse {
        .user(
            "Too many requests: \(admission.maxRunning) runs are in progress and \(admission.maxQueued) are waiting. "
                + "Retry later.",
            status: .tooManyRequests)
    }

    static func tooLarge(_ limit: Int) -> ErrorResponse {
        .user("The request body is larger than the limit of \(limit) bytes.", status: .contentTooLarge)
    }

    /// `5` rather than `5.0` for whole seconds.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
