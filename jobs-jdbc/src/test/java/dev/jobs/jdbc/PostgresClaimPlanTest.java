package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claim's plan on a table of 220,000 jobs (100,000 available): the batch is found
 * through the partial claim index and updated through the primary key, never by a
 * sequential scan. docs/jdbc.md shows the whole plan.
 */
class PostgresClaimPlanTest {

	private static PostgresTestDatabase database;

	private static JdbcJobStore store;

	@BeforeAll
	static void fillTable() throws SQLException {
		database = PostgresTestDatabase.create();
		store = JdbcJobStore.builder(database.dataSource()).build();
		try (Connection connection = database.openConnection(); Statement statement = connection.createStatement()) {
			statement.execute("INSERT INTO jobs (queue, kind, args, state, priority, max_attempts, inserted_at, "
					+ "scheduled_at) SELECT 'q' || (g % 4), 'work', jsonb_build_object('n', g), 0, g % 3, 20, now(), "
					+ "now() - g * interval '1 ms' FROM generate_series(1, 100000) g");
			statement.execute("INSERT INTO jobs (queue, kind, args, state, priority, attempt, max_attempts, "
					+ "inserted_at, scheduled_at, attempted_at, attempted_by, finished_at) SELECT 'q' || (g % 4), "
					+ "'work', '{}', 2, 0, 1, 20, now(), now(), now(), 'node-x', now() - g * interval '1 s' "
					+ "FROM generate_series(1, 120000) g");
			statement.execute("ANALYZE jobs");
		}
	}

	@AfterAll
	static void dropDatabase() {
		if (database != null) {
			database.close();
		}
	}

	@Test
	void claimUsesTheClaimIndexAndThePrimaryKey() throws SQLException {
		String plan = explain(new ClaimSql(tables()).postgresClaimStatement());
		assertThat(plan).contains("Index Scan using jobs_claim_idx")
			.contains("Index Scan using jobs_pkey")
			.contains("LockRows")
			.doesNotContain("Seq Scan");
	}

	private static Tables tables() {
		return Tables.of(Dialect.POSTGRESQL, store.schema(), store.tablePrefix());
	}

	private static String explain(String sql) throws SQLException {
		StringBuilder plan = new StringBuilder();
		try (Connection connection = database.openConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement statement = connection.prepareStatement("EXPLAIN (ANALYZE, COSTS OFF) " + sql)) {
				statement.setObject(1, java.time.OffsetDateTime.ofInstant(Instant.now(), java.time.ZoneOffset.UTC));
				statement.setString(2, "node-1");
				statement.setString(3, "q1");
				statement.setString(4, "q1");
				statement.setInt(5, 100);
				try (ResultSet rows = statement.executeQuery()) {
					while (rows.next()) {
						plan.append(rows.getString(1)).append('\n');
					}
				}
			}
			finally {
				connection.rollback();
			}
		}
		return plan.toString();
	}

}
