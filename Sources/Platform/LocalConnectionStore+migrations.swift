import GRDB

extension LocalConnectionStore {
    /// The store's schema, as numbered migrations applied in order (GRDB records which ones ran).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("0001-connection") { db in
            try db.create(table: "connection") { table in
                table.primaryKey("name", .text).notNull()
                table.column("type", .text).notNull()
                table.column("module", .text).notNull()
                // JSON array of [key, value] pairs: configs are kept in the clear, in their order.
                table.column("configs", .text).notNull()
                // JSON array of the secret keys, so masking never needs the master key.
                table.column("secret_keys", .text).notNull()
                // The secrets as a JSON array of pairs, sealed by SecretBox with the name as authenticated data.
                table.column("secrets", .blob).notNull()
                table.column("created_at", .datetime).notNull()
                table.column("updated_at", .datetime).notNull()
            }
        }
        return migrator
    }
}
