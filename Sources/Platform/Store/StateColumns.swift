import Foundation
import GRDB

/// The columns endpoints and deployments share: provisioning state, failure, times and version.
struct StateColumns {
    let state: ProvisioningState
    let failure: ProvisioningFailure?
    let createdAt: Date
    let updatedAt: Date
    let version: Int

    init(
        _ state: ProvisioningState, _ failure: ProvisioningFailure?, _ createdAt: Date, _ updatedAt: Date,
        _ version: Int
    ) throws {
        self.state = state
        self.failure = failure
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    /// Reads them from a row of `endpoint` or `deployment`.
    init(row: Row, table: String) throws {
        let stateText: String = row["provisioning_state"]
        guard let state = ProvisioningState(rawValue: stateText) else {
            throw PlatformError.database("\(table).provisioning_state holds '\(stateText)', which is not a state.")
        }
        self.state = state
        let code: String? = row["failure_code"]
        let message: String? = row["failure_message"]
        failure = code.map { ProvisioningFailure(code: $0, message: message ?? "") }
        createdAt = try StoreCoding.date(row["created_at"], column: "\(table).created_at")
        updatedAt = try StoreCoding.date(row["updated_at"], column: "\(table).updated_at")
        version = row["version"]
    }

    /// In column order: provisioning_state, failure_code, failure_message, created_at, updated_at, version.
    var arguments: [(any DatabaseValueConvertible)?] {
        [
            state.rawValue, failure?.code, failure?.message, StoreCoding.text(createdAt), StoreCoding.text(updatedAt),
            version,
        ]
    }
}
