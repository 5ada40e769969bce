import Crypto
import Foundation

/// The two scoring keys of a `key`-auth endpoint; either can be regenerated while the other keeps working.
/// Keys come from the system CSPRNG (32 bytes, base64url) and are compared in constant time.
public struct EndpointKeys: Sendable, Hashable, CustomStringConvertible {
    /// Which of the two keys.
    public enum Slot: String, Sendable, Hashable, Codable, CaseIterable {
        case primary
        case secondary
    }

    public var primary: String
    public var secondary: String

    public init(primary: String, secondary: String) {
        self.primary = primary
        self.secondary = secondary
    }

    /// Two fresh random keys.
    public static func generate() -> EndpointKeys {
        EndpointKeys(primary: generateKey(), secondary: generateKey())
    }

    /// A fresh key: 32 random bytes from the system CSPRNG, base64url without padding (43 characters).
    public static func generateKey() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return bytes.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public subscript(slot: Slot) -> String {
        get { slot == .primary ? primary : secondary }
        set {
            switch slot {
            case .primary: primary = newValue
            case .secondary: secondary = newValue
            }
        }
    }

    /// Whether `presented` is one of the two keys; both are always compared, in constant time.
    public func accepts(_ presented: String) -> Bool {
        let first = ConstantTime.equals(presented, primary)
        let second = ConstantTime.equals(presented, secondary)
        return first || second
    }

    /// Checks a key given by a user (regenerate to a given value): 16–128 printable ASCII characters, no spaces.
    public static func validateGivenKey(_ key: String, field: String = "key") throws(ResourceValidationError) {
        let ok = (16...128).contains(key.utf8.count) && key.utf8.allSatisfy { (33...126).contains($0) }
        if !ok {
            throw ResourceValidationError(
                field: field, message: "a key is 16 to 128 printable ASCII characters without spaces")
        }
    }

    /// Never prints the keys.
    public var description: String { "EndpointKeys(primary: ******, secondary: ******)" }
}
