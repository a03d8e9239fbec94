package dev.jobs.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * What PostgreSQL writes to its WAL for the benchmark's tables between two points, read
 * back with {@code pg_walinspect}: only the records that touch the schema's tables,
 * indexes and TOAST, and the commits of the transactions that wrote them, so that other
 * work on the same server (the machine is shared) does not count.
 */
final class WalMeter {

	private final JdbcTables tables;

	private WalMeter(JdbcTables tables) {
		this.tables = tables;
	}

	/**
	 * A meter on the tables' server, creating {@code pg_walinspect} if it is missing.
	 * @param tables the benchmark's tables on PostgreSQL
	 * @return the meter
	 * @throws IllegalStateException if the extension cannot be created (it ships with
	 * PostgreSQL 15 and later; creating it needs a superuser)
	 */
	static WalMeter open(JdbcTables tables) {
		tables.execute("CREATE EXTENSION IF NOT EXISTS pg_walinspect");
		return new WalMeter(tables);
	}

	/**
	 * Where the WAL ends now.
	 * @return the position
	 */
	String position() throws SQLException {
		try (Connection connection = this.tables.dataSource().getConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
			rows.next();
			return rows.getString(1);
		}
	}

	/**
	 * The WAL written for the tables between two positions. Call it after the work, with
	 * the tables' files as they were during it (a {@code TRUNCATE} gives them new ones).
	 * @param from the first position
	 * @param to the last position
	 * @return bytes, records and transactions
	 */
	Written between(String from, String to) throws Exception {
		awaitFlushed(to);
		// block_ref reads "blkref #0: rel 1663/16384/24576 fork main blk 12".
		String ours = "'rel [0-9]+/[0-9]+/(' || (SELECT string_agg(pg_relation_filenode(c.oid)::text, '|') "
				+ "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? "
				+ "OR c.oid IN (SELECT reltoastrelid FROM pg_class t JOIN pg_namespace tn ON tn.oid = t.relnamespace "
				+ "WHERE tn.nspname = ?)) || ') '";
		String sql = "WITH w AS (SELECT xid, resource_manager, record_length, block_ref ~ (" + ours
				+ ") AS mine FROM pg_get_wal_records_info(CAST(? AS pg_lsn), CAST(? AS pg_lsn))), "
				+ "x AS (SELECT DISTINCT xid FROM w WHERE mine AND xid <> '0') "
				+ "SELECT count(*), coalesce(sum(record_length), 0), (SELECT count(*) FROM x) FROM w "
				+ "WHERE mine OR (resource_manager = 'Transaction' AND xid IN (SELECT xid FROM x))";
		try (Connection connection = this.tables.dataSource().getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, this.tables.schema());
			statement.setString(2, this.tables.schema());
			statement.setString(3, from);
			statement.setString(4, to);
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return new Written(rows.getLong(2), rows.getLong(1), rows.getLong(3));
			}
		}
	}

	/**
	 * Wait until the WAL up to a position is on disk, which {@code pg_walinspect} reads:
	 * with {@code synchronous_commit} off the WAL writer flushes within a fraction of a
	 * second.
	 */
	private void awaitFlushed(String to) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		String sql = "SELECT pg_current_wal_flush_lsn() >= CAST(? AS pg_lsn)";
		try (Connection connection = this.tables.dataSource().getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, to);
			while (true) {
				try (ResultSet rows = statement.executeQuery()) {
					rows.next();
					if (rows.getBoolean(1)) {
						return;
					}
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("The WAL up to " + to + " was not flushed within 30 s");
				}
				TimeUnit.MILLISECONDS.sleep(20);
			}
		}
	}

	/**
	 * What was written.
	 *
	 * @param bytes the WAL's bytes, full-page images included
	 * @param records the WAL records
	 * @param transactions the transactions that wrote to the tables
	 */
	record Written(long bytes, long records, long transactions) {

		String perJob(long jobs) {
			return String.format(java.util.Locale.ROOT, "%.0f WAL bytes, %.2f records, %.3f transactions per job",
					bytes / (double) jobs, records / (double) jobs, transactions / (double) jobs);
		}

	}

}
