import Synchronization

/// What one gateway request holds until its answer is complete (admission slot, instance load, in-flight count,
/// metrics): `end()` runs the release once; dropping the lease unended (a body never written) runs it too.
final class RequestLease: Sendable {
    private let release: Mutex<(@Sendable () -> Void)?>

    init(_ release: @escaping @Sendable () -> Void) {
        self.release = Mutex(release)
    }

    /// Runs the release if it has not run yet.
    func end() {
        let pending = release.withLock { release in
            defer { release = nil }
            return release
        }
        pending?()
    }

    deinit {
        end()
    }
}
