/// What a call needs from a worker: `exclusive` (a stream, an inspect) needs one with nothing in flight and
/// takes it alone; a plain call may be queued behind other plain calls. `bytes` is roughly its frame's size.
struct PoolDemand: Sendable {
    var exclusive: Bool
    var bytes: Int

    static func plain(_ bytes: Int) -> PoolDemand { PoolDemand(exclusive: false, bytes: bytes) }
    static let exclusive = PoolDemand(exclusive: true, bytes: 0)
}
