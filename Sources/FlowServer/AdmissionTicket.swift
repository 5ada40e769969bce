import Synchronization

/// One admitted run's slot, released exactly once: when the response is complete, or when the ticket
/// is dropped without that (a streamed body that was never written).
final class AdmissionTicket: Sendable {
    private let admission: RunAdmission
    private let released = Atomic(false)

    init(_ admission: RunAdmission) { self.admission = admission }

    func release() {
        if !released.exchange(true, ordering: .acquiringAndReleasing) { admission.release() }
    }

    deinit { release() }
}
