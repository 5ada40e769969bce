import Foundation

/// A flex flow's entry as a worker calls it: `module:attribute` imported relative to the flow folder; a class is
/// built once per worker with `initArguments` and its instance called (or its `method`, e.g. `__aggregate__`).
public struct PythonEntry: Sendable, Hashable {
    /// `module:function` or `module:Class`.
    public var entry: String
    /// The class's init values as a JSON object (`{"$connection": …}` values become connection objects);
    /// nil for a function entry.
    public var initArguments: Data?
    /// A method of the instance to call instead of `__call__` (`__aggregate__`); nil for the entry itself.
    public var method: String?

    public init(entry: String, initArguments: Data? = nil, method: String? = nil) {
        self.entry = entry
        self.initArguments = initArguments
        self.method = method
    }
}
