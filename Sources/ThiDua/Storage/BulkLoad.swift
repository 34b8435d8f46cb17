import PQ

/// Loading millions of rows in one transaction as PostgreSQL's manual advises ("Populating a
/// Database"): the foreign keys and the secondary indexes of the loaded tables are dropped
/// first and made again at the end, where one join checks each key and one sort builds each
/// index. Row by row, the key checks and the index inserts were four fifths of a city seed's
/// server time (perf: `AfterTriggerEndQuery` 38 %, `ExecInsertIndexTuples` 43 %).
///
/// Everything runs in the caller's transaction: a load that fails rolls the drops back too.
/// Unique indexes and primary keys stay, so duplicates still fail at once.
enum BulkLoad {
    /// Runs `body` with the checks dropped on `tables`; restores them before returning.
    nonisolated(nonsending) static func withoutRowChecks<Result>(
        tables: [String], on connection: PQConnection, _ body: nonisolated(nonsending) () async throws -> Result
    ) async throws -> Result {
        let keys = try await connection.query("""
            SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname),
                   format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
            FROM pg_constraint
            WHERE contype = 'f' AND connamespace = current_schema()::regnamespace
              AND (conrelid::regclass::text = ANY(\(tables)) OR confrelid::regclass::text = ANY(\(tables)))
            ORDER BY conrelid::regclass::text, conname
            """, prepare: false).rows.map { try $0.decode((String, String).self) }
        let indexes = try await connection.query("""
            SELECT format('DROP INDEX %s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid)
            FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY(\(tables)) AND NOT i.indisunique
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
            ORDER BY 1
            """, prepare: false).rows.map { try $0.decode((String, String).self) }
        for (drop, _) in keys + indexes { try await connection.execute(unsafeSQL: drop) }
        let result = try await body()
        for (_, make) in indexes + keys { try await connection.execute(unsafeSQL: make) }
        return result
    }
}
