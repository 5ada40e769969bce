import Foundation

/// One `log_metric(key, value, variant_id)` made by a tool during a call (aggregation nodes).
/// `value` is JSON, as the tool gave it (usually a number).
public struct PythonMetric: Sendable, Equatable {
    public var key: String
    public var value: Data
    public var variantID: String?

    public init(key: String, value: Data, variantID: String?) {
        self.key = key
        self.value = value
        self.variantID = variantID
    }

    init?(frame payload: Data) {
        guard let array = (try? JSONSerialization.jsonObject(with: payload, options: [.fragmentsAllowed])) as? [Any],
            array.count == 3, let key = array[0] as? String, let value = array[1] as? String
        else { return nil }
        self.init(key: key, value: Data(value.utf8), variantID: array[2] as? String)
    }
}
