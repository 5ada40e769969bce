/// The `response_type` dimension of Flow_Latency, promptflow's `ResponseType` values: the whole response
/// (non-streaming), or the first / last byte of a streamed one.
public enum ResponseType: String, Sendable {
    case `default` = "default"
    case firstByte = "firstbyte"
    case lastByte = "lastbyte"
}
