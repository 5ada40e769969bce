/// One numbered schema change of the store: plain SQL statements that SQLite and PostgreSQL both accept
/// (TEXT, INTEGER, BIGINT, BOOLEAN; no AUTOINCREMENT, no BLOB; secrets as base64 text; times as ISO-8601 text).
public struct StoreMigration: Sendable {
    public let number: Int
    public let name: String
    /// Run in order, each as its own statement, inside the transaction that records the migration.
    public let statements: [String]

    /// The table that records which migrations ran; created before any migration.
    public static let ledger = """
        CREATE TABLE IF NOT EXISTS schema_migration (
            number INTEGER PRIMARY KEY NOT NULL,
            name TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )
        """

    /// Every migration, in order. Append only: a released migration never changes.
    public static let all: [StoreMigration] = [
        StoreMigration(number: 1, name: "endpoints-deployments-snapshots-operations", statements: initialSchema),
        // The variant a deployment serves (`${node.variant_id}`, e.g. a bulk run's); NULL serves the defaults.
        StoreMigration(
            number: 2, name: "deployment-variant", statements: ["ALTER TABLE deployment ADD COLUMN variant TEXT"]),
        // Principals with hashed API keys, custom roles and role assignments (issue 6).
        StoreMigration(number: 3, name: "principals-roles-assignments", statements: accessSchema),
        // Endpoint identities are principals of kind managed_identity (issue 6): the CHECK is widened by rebuilding.
        StoreMigration(number: 4, name: "principal-managed-identity", statements: identityPrincipalSchema),
        // Where a deployment's instances run ('in_process' or 'process'); NULL runs them in process.
        StoreMigration(
            number: 5, name: "deployment-instance-runtime",
            statements: ["ALTER TABLE deployment ADD COLUMN instance_runtime TEXT"]),
        // Who did what on the management API (issue 6); `seq` orders events and bounds retention.
        StoreMigration(number: 6, name: "audit-events", statements: auditSchema),
        // A deployment's custom requirements text (`environment.requirements`); NULL builds the flow's requirements.txt.
        StoreMigration(
            number: 7, name: "deployment-custom-requirements",
            statements: ["ALTER TABLE deployment ADD COLUMN custom_requirements TEXT"]),
    ]

    private static let auditSchema = [
        """
        CREATE TABLE audit_event (
            seq BIGINT PRIMARY KEY NOT NULL,
            id TEXT NOT NULL UNIQUE,
            time TEXT NOT NULL,
            principal TEXT NOT NULL,
            principal_kind TEXT NOT NULL,
            action TEXT NOT NULL,
            method TEXT NOT NULL,
            target TEXT NOT NULL,
            status INTEGER NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('succeeded', 'denied', 'failed')),
            request_id TEXT NOT NULL
        )
        """,
        "CREATE INDEX audit_event_principal ON audit_event (principal, seq)",
        "CREATE INDEX audit_event_time ON audit_event (time)",
    ]

    /// SQLite cannot alter a CHECK, and with foreign keys on, dropping `principal` would cascade to its keys and
    /// assignments: those are parked in plain tables, the principal table is rebuilt, then they are put back.
    private static let identityPrincipalSchema = [
        "CREATE TABLE principal_key_v3 AS SELECT * FROM principal_key",
        "CREATE TABLE role_assignment_v3 AS SELECT * FROM role_assignment",
        "DROP TABLE principal_key",
        "DROP TABLE role_assignment",
        """
        CREATE TABLE principal_v4 (
            name TEXT PRIMARY KEY NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('user', 'service_principal', 'managed_identity')),
            created_at TEXT NOT NULL
        )
        """,
        "INSERT INTO principal_v4 (name, kind, created_at) SELECT name, kind, created_at FROM principal",
        "DROP TABLE principal",
        "ALTER TABLE principal_v4 RENAME TO principal",
        accessSchema[1], accessSchema[2], accessSchema[4], accessSchema[5],
        """
        INSERT INTO principal_key (id, principal_name, prefix, digest, created_at, last_used_at)
            SELECT id, principal_name, prefix, digest, created_at, last_used_at FROM principal_key_v3
        """,
        """
        INSERT INTO role_assignment (id, role_name, principal_name, scope, created_at)
            SELECT id, role_name, principal_name, scope, created_at FROM role_assignment_v3
        """,
        "DROP TABLE principal_key_v3",
        "DROP TABLE role_assignment_v3",
    ]

    private static let accessSchema = [
        """
        CREATE TABLE principal (
            name TEXT PRIMARY KEY NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('user', 'service_principal')),
            created_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE principal_key (
            id TEXT PRIMARY KEY NOT NULL,
            principal_name TEXT NOT NULL REFERENCES principal (name) ON DELETE CASCADE,
            prefix TEXT NOT NULL,
            digest TEXT NOT NULL UNIQUE CHECK (LENGTH(digest) = 64),
            created_at TEXT NOT NULL,
            last_used_at TEXT
        )
        """,
        "CREATE INDEX principal_key_principal ON principal_key (principal_name)",
        """
        CREATE TABLE custom_role (
            name TEXT PRIMARY KEY NOT NULL,
            description TEXT NOT NULL,
            actions TEXT NOT NULL,
            not_actions TEXT NOT NULL,
            created_at TEXT NOT NULL
        )
        """,
        // role_name is a built-in or a custom role; deleting an assigned custom role is refused by the store.
        """
        CREATE TABLE role_assignment (
            id TEXT PRIMARY KEY NOT NULL,
            role_name TEXT NOT NULL,
            principal_name TEXT NOT NULL REFERENCES principal (name) ON DELETE CASCADE,
            scope TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (role_name, principal_name, scope)
        )
        """,
        "CREATE INDEX role_assignment_principal ON role_assignment (principal_name)",
    ]

    private static let stateColumns = """
        provisioning_state TEXT NOT NULL
                CHECK (provisioning_state IN ('Creating', 'Updating', 'Scaling', 'Deleting', 'Succeeded', 'Failed', 'Canceled')),
            failure_code TEXT,
            failure_message TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 1)
        """

    private static let initialSchema = [
        """
        CREATE TABLE endpoint (
            name TEXT PRIMARY KEY NOT NULL,
            description TEXT,
            tags TEXT NOT NULL,
            auth_mode TEXT NOT NULL CHECK (auth_mode IN ('key', 'aml_token')),
            identity TEXT NOT NULL,
            enforce_secret_store_access BOOLEAN NOT NULL,
            \(stateColumns)
        )
        """,
        """
        CREATE TABLE endpoint_key (
            endpoint_name TEXT PRIMARY KEY NOT NULL REFERENCES endpoint (name) ON DELETE CASCADE,
            primary_sealed TEXT NOT NULL,
            secondary_sealed TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE flow_snapshot (
            id TEXT PRIMARY KEY NOT NULL CHECK (LENGTH(id) = 64),
            file_count INTEGER NOT NULL,
            byte_count BIGINT NOT NULL,
            created_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE deployment (
            endpoint_name TEXT NOT NULL REFERENCES endpoint (name) ON DELETE CASCADE,
            name TEXT NOT NULL,
            description TEXT,
            flow_path TEXT,
            snapshot_id TEXT REFERENCES flow_snapshot (id),
            instance_count INTEGER NOT NULL CHECK (instance_count >= 1),
            environment_variables TEXT NOT NULL,
            request_timeout_ms INTEGER NOT NULL,
            max_concurrent_requests_per_instance INTEGER NOT NULL,
            max_queue_wait_ms INTEGER NOT NULL,
            liveness_probe TEXT NOT NULL,
            readiness_probe TEXT NOT NULL,
            outputs TEXT NOT NULL,
            connection_overrides TEXT NOT NULL,
            tags TEXT NOT NULL,
            \(stateColumns),
            PRIMARY KEY (endpoint_name, name)
        )
        """,
        "CREATE INDEX deployment_snapshot ON deployment (snapshot_id)",
        // Live and mirrored shares; a deployment with a row here cannot be deleted (no cascade from deployment).
        """
        CREATE TABLE endpoint_traffic (
            endpoint_name TEXT NOT NULL REFERENCES endpoint (name) ON DELETE CASCADE,
            deployment_name TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('live', 'mirror')),
            percent INTEGER NOT NULL CHECK (percent >= 0 AND percent <= 100),
            PRIMARY KEY (endpoint_name, kind, deployment_name),
            FOREIGN KEY (endpoint_name, deployment_name) REFERENCES deployment (endpoint_name, name)
        )
        """,
        "CREATE INDEX endpoint_traffic_deployment ON endpoint_traffic (endpoint_name, deployment_name)",
        // Operations outlive what they worked on, so no foreign keys.
        """
        CREATE TABLE operation (
            id TEXT PRIMARY KEY NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('create', 'update', 'delete')),
            endpoint_name TEXT NOT NULL,
            deployment_name TEXT,
            status TEXT NOT NULL CHECK (status IN ('Running', 'Succeeded', 'Failed', 'Canceled')),
            stages TEXT NOT NULL,
            error_code TEXT,
            error_message TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX operation_created ON operation (created_at)",
        "CREATE INDEX operation_endpoint ON operation (endpoint_name, created_at)",
    ]
}
