/// Why a process instance's child did not come up (it exited, or never answered `/health`).
/// Its message names the instance and the reason; it never carries the child's environment.
struct ProcessInstanceError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
