import Foundation
import Synchronization

/// The base URL callers reach the server at, from which scoring and swagger URIs are built. A configured public
/// URL or port is known at once; with port 0 the server sets it once its socket is bound (the port the kernel
/// picked), before it answers its first request. Shared by reference, so the control plane and the API read the
/// URL the server actually listens on.
public final class PublicBaseURL: Sendable {
    private let value: Mutex<URL?>
    /// What `url` answers before the URL is set (a server that is not listening yet has no address to give).
    private let placeholder: URL

    /// A URL known now.
    public init(_ url: URL) {
        value = Mutex(url)
        placeholder = url
    }

    /// A URL set later by `set(_:)`; `placeholder` until then.
    public init(pending placeholder: URL) {
        value = Mutex(nil)
        self.placeholder = placeholder
    }

    /// The URL, or the placeholder while it is not set.
    public var url: URL { value.withLock { $0 } ?? placeholder }

    /// Whether the URL is known.
    public var isSet: Bool { value.withLock { $0 != nil } }

    /// Sets the URL unless it is set already (the first value stays); returns the URL in effect.
    @discardableResult
    public func set(_ url: URL) -> URL {
        value.withLock { current in
            if let current { return current }
            current = url
            return url
        }
    }
}
