package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claim's plan on a table of 220,000 jobs (100,000 available): the batch is found
 * through the partial claim index and updated through the primary key, never by a
 * sequential scan. docs/jdbc.md shows the whole plan.
 */
class PostgresClaimPlanTest {

	@RegisterExtension
	static final PostgresTestDatabase database = PostgresTestDatabase.perClass();

	private static JdbcJobStore store;

	@BeforeAll
	static void fillTable() throws SQLException {
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

	@Test
	void claimUsesTheClaimIndexAndThePrimaryKey() throws SQLException {
		String plan = explain(new ClaimSql(tables(), false).postgresClaimStatement());
		assertThat(plan).contains("Index Scan using jobs_claim_idx")
			.contains("Index Scan using jobs_pkey")
			.contains("LockRows")
			.doesNotContain("Seq Scan");
	}

	@Test
	void claimsAndOutcomesCommitWithoutWaitingForTheFlushUnlessAsked() throws SQLException {
		assertThat(commitSettingAfter(new ClaimSql(tables(), false).postgresClaimStatement(), true)).isEqualTo("off");
		assertThat(commitSettingAfter(
				new CompleteSql(tables(), false, new DependencySql(tables(), null)).postgresCompleteStatement(), false))
			.isEqualTo("off");
		String server = commitSettingAfter("SELECT 1", false);
		assertThat(server).isNotEqualTo("off");
		assertThat(commitSettingAfter(new ClaimSql(tables(), true).postgresClaimStatement(), true)).isEqualTo(server);
		assertThat(commitSettingAfter(
				new CompleteSql(tables(), true, new DependencySql(tables(), null)).postgresCompleteStatement(), false))
			.isEqualTo(server);
	}

	/**
	 * Run a statement in a transaction, then read the {@code synchronous_commit} its
	 * commit would use.
	 */
	private static String commitSettingAfter(String sql, boolean claim) throws SQLException {
		try (Connection connection = database.openConnection()) {
			connection.setAutoCommit(false);
			try {
				try (PreparedStatement statement = connection.prepareStatement(sql)) {
					if (claim) {
						bindClaim(statement);
					}
					else if (statement.getParameterMetaData().getParameterCount() > 0) {
						statement.setArray(1, connection.createArrayOf("int8", new Long[] { -1L }));
						statement.setArray(2, connection.createArrayOf("int2", new Short[] { 2 }));
						statement.setArray(3, connection.createArrayOf("bool", new Boolean[] { false }));
						statement.setArray(4, connection.createArrayOf("text", new String[] { null }));
						statement.setArray(5,
								connection.createArrayOf("text", new String[] { Instant.now().toString() }));
						statement.setArray(6, connection.createArrayOf("text", new String[] { null }));
						statement.setArray(7, connection.createArrayOf("int4", new Integer[] { 1 }));
						statement.setArray(8,
								connection.createArrayOf("text", new String[] { Instant.now().toString() }));
						statement.setArray(9, connection.createArrayOf("text", new String[] { null }));
					}
					statement.execute();
				}
				try (Statement show = connection.createStatement();
						ResultSet rows = show.executeQuery("SHOW synchronous_commit")) {
					rows.next();
					return rows.getString(1);
				}
			}
			finally {
				connection.rollback();
			}
		}
	}

	private static void bindClaim(PreparedStatement statement) throws SQLException {
		statement.setObject(1, java.time.OffsetDateTime.ofInstant(Instant.now(), java.time.ZoneOffset.UTC));
		statement.setString(2, "node-1");
		statement.setString(3, "q1");
		statement.setString(4, "q1");
		statement.setInt(5, 100);
	}

	private static Tables tables() {
		return PostgresPlans.tables(store);
	}

	private static String explain(String sql) throws SQLException {
		return PostgresPlans.explain(database, null, sql, (connection, statement) -> bindClaim(statement));
	}

}
