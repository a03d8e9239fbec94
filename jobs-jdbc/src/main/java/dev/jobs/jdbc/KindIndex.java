package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

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

	/**
	 * How long a node waits for another node's build before it builds the index itself.
	 */
	private static final Duration OTHER_BUILD_WAIT = Duration.ofMinutes(30);

	private volatile boolean present;

	private final AtomicBoolean building = new AtomicBoolean();

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
	 * Whether a look for the index, or its build, is under way.
	 * @return true until the builder's thread is done
	 */
	boolean isBuilding() {
		return this.building.get();
	}

	/**
	 * Find the index, or have it built when the store manages its schema; otherwise say
	 * how to create it. Claims read by kind once it is there. On PostgreSQL and MariaDB
	 * the look and the build run on a thread of their own: a concurrent build waits for
	 * every older transaction, and a node's start must not. On H2 they run before this
	 * returns: H2 builds an index under a lock of the table anyway, and its planner reads
	 * a table's indexes without one, so a claim that another session prepared during a
	 * build on another thread failed with a {@code ConcurrentModificationException}.
	 * @param dataSource the store's data source
	 * @param create whether the store may create it (it migrates its own schema)
	 */
	void prepare(DataSource dataSource, boolean create) {
		if (this.present || !this.building.compareAndSet(false, true)) {
			return;
		}
		Runnable look = () -> {
			try {
				build(dataSource, create);
			}
			finally {
				this.building.set(false);
			}
		};
		if (this.tables.dialect() == Dialect.H2) {
			look.run();
			return;
		}
		Thread builder = new Thread(look, "jobs-kind-index");
		builder.setDaemon(true);
		builder.start();
	}

	private void build(DataSource dataSource, boolean create) {
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(true);
			State state = awaitOtherBuild(connection);
			if (state != State.VALID && create) {
				if (state == State.INVALID) {
					// A concurrent build that failed (a timeout, a cancel, a crash)
					// leaves
					// an index that no query uses but every write keeps up: build it
					// anew.
					logger.info("Rebuilding index {}, left invalid by a build that did not finish", this.name);
					execute(connection, "DROP INDEX CONCURRENTLY IF EXISTS " + this.tables.schema() + "." + this.name);
				}
				logger.info("Creating index {} for claims under per-kind limits", this.name);
				try {
					execute(connection, createStatement());
				}
				catch (SQLException ex) {
					// Another node may have built it meanwhile.
					if (state(connection) != State.VALID) {
						throw ex;
					}
				}
				state = state(connection);
			}
			this.present = state == State.VALID;
			if (!this.present) {
				logger.warn(
						"Claims under per-kind limits read past the jobs a full kind holds back, as index {} is "
								+ "missing or invalid and the store does not migrate its schema; create it: {}",
						this.name, createStatement());
			}
		}
		catch (SQLException ex) {
			logger.warn(
					"Could not create index {}: {}; claims under per-kind limits read past the jobs a full kind "
							+ "holds back until it exists; create it: {}",
					this.name, Jdbc.describe(ex), createStatement());
		}
	}

	/**
	 * The index's state once no other node is building it: an index that another node
	 * builds concurrently is invalid until it is done, and must not be taken for one that
	 * a failed build left behind.
	 */
	private State awaitOtherBuild(Connection connection) throws SQLException {
		State state = state(connection);
		long deadline = System.nanoTime() + OTHER_BUILD_WAIT.toNanos();
		while (state == State.INVALID && isBeingBuilt(connection) && System.nanoTime() < deadline) {
			try {
				Thread.sleep(1_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return state;
			}
			state = state(connection);
		}
		return state;
	}

	private boolean isBeingBuilt(Connection connection) throws SQLException {
		if (this.tables.dialect() != Dialect.POSTGRESQL) {
			return false;
		}
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT 1 FROM pg_stat_progress_create_index p JOIN pg_class c ON c.oid = p.index_relid "
					+ "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
			statement.setString(1, this.tables.schema());
			statement.setString(2, this.name);
			try (ResultSet rows = statement.executeQuery()) {
				return rows.next();
			}
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
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
	 * Whether the index is there now, and usable.
	 * @param dataSource the store's data source
	 * @return true if it exists and is valid
	 */
	boolean exists(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			return state(connection) == State.VALID;
		}
	}

	private State state(Connection connection) throws SQLException {
		String sql = switch (this.tables.dialect()) {
			case POSTGRESQL -> "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
					+ "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?";
			case H2 -> "SELECT TRUE FROM INFORMATION_SCHEMA.INDEXES WHERE INDEX_SCHEMA = ? AND UPPER(INDEX_NAME) = "
					+ "UPPER(?)";
			case MARIADB -> "SELECT TRUE FROM information_schema.statistics WHERE table_schema = ? AND index_name = ?";
		};
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, this.tables.schema());
			statement.setString(2, this.name);
			try (ResultSet rows = statement.executeQuery()) {
				if (!rows.next()) {
					return State.ABSENT;
				}
				return rows.getBoolean(1) ? State.VALID : State.INVALID;
			}
		}
	}

	private enum State {

		ABSENT, INVALID, VALID

	}

}
