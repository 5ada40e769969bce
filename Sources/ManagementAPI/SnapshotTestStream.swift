import FlowEngine
import FlowSpec
import HTTPTypes
import Hummingbird
import Platform

/// A tested chat flow's streamed answer as Server-Sent Events, framed as `/score` frames them: a first event with
/// the outputs that are not streamed (when there are any), then `{"<output>": "<chunk>"}` per chunk. The
/// snapshot's workers are given back when the stream ends.
enum SnapshotTestStream {
    static let headers: HTTPFields = [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"]

    static func response(
        run: SnapshotTestRun, result: FlowRunResult, streamed: FlowRunResult.StreamedOutput
    ) -> Response {
        let first = result.outputs
        let prefix = Array("data: {\(FlowValue.jsonString(streamed.name, style: .python)): ".utf8)
        let body = ResponseBody { writer in
            defer { run.finish() }
            if !first.isEmpty {
                var event: [UInt8] = Array("data: ".utf8)
                FlowValue.object(first).writeJSON(.python, into: &event)
                event.append(contentsOf: "\n\n".utf8)
                try await writer.write(ByteBuffer(bytes: event))
            }
            do {
                for try await chunk in streamed.chunks {
                    var event = ByteBuffer(bytes: prefix)
                    event.writeString(FlowValue.jsonString(chunk, style: .python))
                    event.writeString("}\n\n")
                    try await writer.write(event)
                }
            } catch is FlowRunError {
                // The answer ends where the flow failed, as `/score` ends it.
            }
            try await writer.finish(nil)
        }
        var headers = headers
        if let name = HTTPField.Name("x-flowgate-run-id") { headers[name] = run.runID }
        return Response(status: .ok, headers: headers, body: body)
    }
}
