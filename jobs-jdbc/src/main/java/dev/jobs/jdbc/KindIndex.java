package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index of available jobs by queue and kind in claim order, which only claims under a
 * per-kind limit need: with it, a claim finds the queue's other kinds by a skip scan and
 * reads each one's head, instead of walking the full kind's backlog. It is not part of
 * the migrations because every insert would pay for it (bulk enqueue measured 15% slower
 * on PostgreSQL): a node that claims under limits creates it when it starts, and claims
 * use it once it is there.
 */
final class KindIndex {

	private static final Logger logger = LoggerFactory.getLogger(KindIndex.class);

	private final Tables tables;

	private final String name;

	private volatile boolean present;

	KindIndex(Tables tables) {
		this.tables = tables;
		this.name = tables.prefix() + "jobs_claim_kind_idx";
	}

	/**
	 * Whether claims may read by kind: the index was found or created.
	 * @return true once it is there
	 */
	boolean isPresent() {
		return this.present;
	}

	/**
	 * Find the index, or create it when the store manages its schema; otherwise say how.
	 * @param dataSource the store's data source
	 * @param create whether the store may create it (it migrates its own schema)
	 */
	void prepare(DataSource dataSource, boolean create) {
		if (this.present) {
			return;
		}
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(true);
			if (!exists(connection) && create) {
				logger.info("Creating index {} for claims under per-kind limits", this.name);
				try (Statement statement = connection.createStatement()) {
					statement.execute(createStatement());
				}
				catch (SQLException ex) {
					// Another node may have created it meanwhile.
					if (!exists(connection)) {
						throw ex;
					}
				}
			}
			this.present = exists(connection);
			if (!this.present) {
				logger.warn(
						"Claims under per-kind limits walk the jobs a full kind holds back, as index {} is missing "
								+ "and the store does not migrate its schema; create it: {}",
						this.name, createStatement());
			}
		}
		catch (SQLException ex) {
			logger.warn("Could not create index {}: {}; claims under per-kind limits walk the jobs a full kind holds "
					+ "back until it exists; create it: {}", this.name, Jdbc.describe(ex), createStatement());
		}
	}

	String createStatement() {
		String jobs = this.tables.jobs();
		return switch (this.tables.dialect()) {
			// Concurrently: a large table keeps taking writes while it is built.
			case POSTGRESQL -> "CREATE INDEX CONCURRENTLY IF NOT EXISTS " + this.name + " ON " + jobs
					+ " (queue, kind, priority DESC, scheduled_at, id) WHERE state = 0";
			case H2 -> "CREATE INDEX IF NOT EXISTS " + this.name + " ON " + jobs
					+ " (state, queue, kind, priority DESC, scheduled_at, id)";
			// MySQL has no IF NOT EXISTS for indexes: the store looks first.
			case MARIADB -> "CREATE INDEX " + this.name + " ON " + jobs
					+ " (state, queue, kind, negated_priority, scheduled_at, id)";
		};
	}

	/**
	 * Whether the index is there now.
	 * @param dataSource the store's data source
	 * @return true if it exists and is usable
	 */
	boolean exists(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			return exists(connection);
		}
	}

	private boolean exists(Connection connection) throws SQLException {
		String sql = switch (this.tables.dialect()) {
			// A concurrent build that failed leaves an invalid index, which no query
			// uses.
			case POSTGRESQL -> "SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n "
					+ "ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ? AND i.indisvalid";
			case H2 ->
				"SELECT 1 FROM INFORMATION_SCHEMA.INDEXES WHERE INDEX_SCHEMA = ? AND UPPER(INDEX_NAME) = UPPER(?)";
			case MARIADB -> "SELECT 1 FROM information_schema.statistics WHERE table_schema = ? AND index_name = ?";
		};
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, this.tables.schema());
			statement.setString(2, this.name);
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next();
			}
		}
	}

}
