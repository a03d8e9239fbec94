package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A statement's plan as the store runs it: prepared, its parameters bound, explained with
 * {@code ANALYZE} (so it really runs) in a transaction that is rolled back after, so that
 * a write leaves nothing behind.
 */
final class PostgresPlans {

	private PostgresPlans() {
	}

	/**
	 * Explain a statement.
	 * @param database where
	 * @param planCacheMode {@code force_generic_plan} (the plan a connection caches for
	 * any values), {@code force_custom_plan} (a plan made for the values at hand), or
	 * {@code null} for the server's choice
	 * @param sql the statement with JDBC parameters
	 * @param binding binds the parameters; it may read through the connection first, in
	 * the same transaction
	 * @return the plan, one node per line, without costs or timings
	 */
	static String explain(PostgresTestDatabase database, @Nullable String planCacheMode, String sql, Binding binding)
			throws SQLException {
		StringBuilder plan = new StringBuilder();
		try (Connection connection = database.openConnection()) {
			connection.setAutoCommit(false);
			try {
				if (planCacheMode != null) {
					try (Statement statement = connection.createStatement()) {
						statement.execute("SET LOCAL plan_cache_mode = " + planCacheMode);
					}
				}
				try (PreparedStatement statement = connection
					.prepareStatement("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + sql)) {
					binding.bind(connection, statement);
					try (ResultSet rows = statement.executeQuery()) {
						while (rows.next()) {
							plan.append(rows.getString(1)).append('\n');
						}
					}
				}
			}
			finally {
				connection.rollback();
			}
		}
		return plan.toString();
	}

	/**
	 * Explain a statement whose parameters take these values, bound as the store binds
	 * them.
	 * @param database where
	 * @param planCacheMode as for
	 * {@link #explain(PostgresTestDatabase, String, String, Binding)}
	 * @param sql the statement with JDBC parameters
	 * @param values the parameters' values, in order
	 * @return the plan
	 */
	static String explain(PostgresTestDatabase database, @Nullable String planCacheMode, String sql,
			List<Object> values) throws SQLException {
		JobFilterSql.Where bound = new JobFilterSql.Where(Dialect.POSTGRESQL);
		bound.values.addAll(values);
		return explain(database, planCacheMode, sql, (connection, statement) -> bound.bind(statement));
	}

	/**
	 * The tables of a store made by a test, to build its statements.
	 * @param store the store
	 * @return its tables
	 */
	static Tables tables(JdbcJobStore store) {
		return Tables.of(Dialect.POSTGRESQL, store.schema(), store.tablePrefix());
	}

	/**
	 * Fill the jobs table with statements whose statistics the tests keep stale:
	 * autovacuum, whose analyze would make them current, is off for the table first.
	 * @param database where
	 * @param statements run in order, on one connection
	 */
	static void withStaleStatistics(PostgresTestDatabase database, String... statements) throws SQLException {
		try (Connection connection = database.openConnection(); Statement statement = connection.createStatement()) {
			statement.execute("ALTER TABLE jobs SET (autovacuum_enabled = off)");
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	/**
	 * 100,000 jobs in two queues, analyzed while every one was available; then eight
	 * nodes (node-0 to node-7) claimed the first 4,000 and 36,000 more completed, with
	 * the statistics left as they were.
	 * @param database where
	 */
	static void analyzedAvailableThenRunOnEightNodes(PostgresTestDatabase database) throws SQLException {
		withStaleStatistics(database,
				"INSERT INTO jobs (queue, kind, args, state, max_attempts, inserted_at, scheduled_at) "
						+ "SELECT 'q' || (g % 2), 'work', '{}', 0, 20, now(), now() FROM generate_series(1, 100000) g",
				"ANALYZE jobs",
				"UPDATE jobs SET state = 1, attempt = 1, attempted_at = now(), "
						+ "attempted_by = 'node-' || (id % 8) WHERE id <= 4000",
				"UPDATE jobs SET state = 2, finished_at = now() WHERE id > 4000 AND id <= 40000");
	}

	/** Binds a statement's parameters. */
	@FunctionalInterface
	interface Binding {

		void bind(Connection connection, PreparedStatement statement) throws SQLException;

	}

}
