/// A started worker in ``PythonWorkerPool``'s books: the calls given to it and not finished, whether one of them
/// is exclusive, and the bytes of their frames.
struct PoolSlot {
    let worker: PythonWorker
    var inFlight = 0
    var exclusive = false
    var bytes = 0

    mutating func take(_ demand: PoolDemand) {
        inFlight += 1
        exclusive = exclusive || demand.exclusive
        bytes += demand.bytes
    }

    mutating func giveBack(_ demand: PoolDemand) {
        inFlight -= 1
        bytes -= demand.bytes
        if inFlight == 0 {
            exclusive = false
            bytes = 0
        }
    }
}
