import Foundation

/// Finds the connection a node names and applies promptflow's run-time overrides (COMPAT §B), in promptflow's order:
/// 1. an environment variable named like the connection (spaces as `_`): a JSON object replaces the connection,
///    a plain string names another connection to use in its place;
/// 2. otherwise the `PROMPTFLOW_CONNECTIONS` file, then each provider in turn (the local store);
/// 3. `{CONN}_{KEY}` variables (upper case, spaces as `_`) replace single values;
/// 4. values written `${env:VAR}` take the variable's value (an unset `VAR` is an error).
public struct ConnectionResolver: ConnectionProvider {
    /// Where connections come from when no environment variable replaces them, in order.
    public let providers: [any ConnectionProvider]
    /// The environment the overrides are read from (the process environment unless a test injects one).
    public let environment: [String: String]

    public init(
        providers: [any ConnectionProvider], environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.providers = providers
        self.environment = environment
    }

    /// The connection with every override applied, or `ConnectionError.notFound` naming it.
    public func resolve(_ name: String) async throws -> Connection {
        try await resolve([name], file: try connectionsFile())[name]!
    }

    /// Several connections at once (the `PROMPTFLOW_CONNECTIONS` file is read once), by name.
    public func resolve(_ names: some Sequence<String>) async throws -> [String: Connection] {
        try await resolve(Array(names), file: try connectionsFile())
    }

    /// `nil` when no source has the connection; other failures (bad override, unset `${env:VAR}`) still throw.
    public func connection(named name: String) async throws -> Connection? {
        do {
            return try await resolve(name)
        } catch ConnectionError.notFound(let missing) where missing == name {
            return nil
        }
    }

    /// The name promptflow uses for environment lookups: spaces become `_`.
    static func environmentName(_ connection: String) -> String {
        connection.replacingOccurrences(of: " ", with: "_")
    }

    private func resolve(_ names: [String], file: PromptflowConnectionsFile?) async throws -> [String: Connection] {
        var result: [String: Connection] = [:]
        for name in names where result[name] == nil {
            var connection = try await base(name, file: file)
            connection.name = name
            applyValueOverrides(&connection)
            try resolveEnvironmentReferences(&connection)
            result[name] = try connection.validated()
        }
        return result
    }

    private func base(_ name: String, file: PromptflowConnectionsFile?) async throws -> Connection {
        if let override = environment[Self.environmentName(name)], !override.isEmpty {
            switch ConnectionJSON.decode(override) {
            case .object(let object)?:
                return try ConnectionJSON.connection(named: name, from: object)
            case .some:
                throw ConnectionError.invalid(
                    connection: name,
                    reason:
                        "environment variable \(Self.environmentName(name)) must hold a JSON object or a connection name."
                )
            case nil:
                guard let connection = try await lookup(override, file: file) else {
                    throw ConnectionError.notFound(name: override)
                }
                return connection
            }
        }
        guard let connection = try await lookup(name, file: file) else { throw ConnectionError.notFound(name: name) }
        return connection
    }

    private func lookup(_ name: String, file: PromptflowConnectionsFile?) async throws -> Connection? {
        if let found = file?.connections[name] { return found }
        for provider in providers {
            if let found = try await provider.connection(named: name) { return found }
        }
        return nil
    }

    private func connectionsFile() throws -> PromptflowConnectionsFile? {
        guard let path = environment[PromptflowConnectionsFile.environmentVariable], !path.isEmpty else { return nil }
        return try PromptflowConnectionsFile(path: path)
    }

    private func applyValueOverrides(_ connection: inout Connection) {
        let prefix = Self.environmentName(connection.name)
        for key in connection.configs.keys {
            if let value = environment["\(prefix)_\(key)".uppercased()] { connection.configs[key] = value }
        }
        for key in connection.secrets.keys {
            if let value = environment["\(prefix)_\(key)".uppercased()] { connection.secrets[key] = value }
        }
    }

    private func resolveEnvironmentReferences(_ connection: inout Connection) throws(ConnectionError) {
        for key in connection.configs.keys {
            connection.configs[key] = try Self.expand(connection.configs[key]!, key: key, connection.name, environment)
        }
        for key in connection.secrets.keys {
            connection.secrets[key] = try Self.expand(connection.secrets[key]!, key: key, connection.name, environment)
        }
    }

    /// The value of `${env:VAR}` (whole value, surrounding blanks allowed), or the value itself when it is not one.
    public static func expand(
        _ value: String, key: String, _ connection: String, _ environment: [String: String]
    ) throws(ConnectionError) -> String {
        guard let variable = environmentReference(value) else { return value }
        guard let resolved = environment[variable] else {
            throw .environmentVariableNotSet(variable, connection: connection, key: key)
        }
        return resolved
    }

    /// `VAR` when the value is `${env:VAR}`, else `nil` (promptflow's `^\$\{env:(.+)}$` on the stripped value).
    public static func environmentReference(_ value: String) -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("${env:"), trimmed.hasSuffix("}"), trimmed.count > "${env:}".count else { return nil }
        return String(trimmed.dropFirst("${env:".count).dropLast())
    }
}
