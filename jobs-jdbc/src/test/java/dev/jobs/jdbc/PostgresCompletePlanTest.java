package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outcome write's plan with eight nodes' jobs executing (4,000 of them) on statistics
 * taken before any job ran, as after a bulk insert: each outcome finds its job through
 * the primary key, whatever the size of the write and whether the plan is generic or
 * custom, and no write reads the other nodes' executing jobs.
 */
class PostgresCompletePlanTest {

	private static final int NODES = 8;

	private static final int EXECUTING_PER_NODE = 500;

	@RegisterExtension
	static final PostgresTestDatabase database = PostgresTestDatabase.perClass();

	private static JdbcJobStore store;

	@BeforeAll
	static void fillTable() throws SQLException {
		store = JdbcJobStore.builder(database.dataSource()).build();
		try (Connection connection = database.openConnection(); Statement statement = connection.createStatement()) {
			statement.execute("INSERT INTO jobs (queue, kind, args, state, max_attempts, inserted_at, scheduled_at) "
					+ "SELECT 'q', 'work', jsonb_build_object('n', g), 0, 20, now(), now() - g * interval '1 ms' "
					+ "FROM generate_series(1, 20000) g");
			// Statistics that see no executing job: the planner takes "executing" for
			// rare.
			statement.execute("ANALYZE jobs");
			statement.execute("UPDATE jobs SET state = 2, attempt = 1, attempted_at = now(), attempted_by = 'node-x', "
					+ "finished_at = now() WHERE id <= 8000");
			statement.execute("UPDATE jobs SET state = 1, attempt = 1, attempted_at = now(), "
					+ "attempted_by = 'node-' || (id % " + NODES + ") WHERE id > 8000 AND id <= "
					+ (8000 + NODES * EXECUTING_PER_NODE));
		}
	}

	@ParameterizedTest
	@CsvSource({ "force_custom_plan, 10", "force_custom_plan, 500", "force_generic_plan, 10",
			"force_generic_plan, 500" })
	void outcomesFindTheirJobsByPrimaryKey(String planCacheMode, int outcomes) throws SQLException {
		String plan = explainWrite(planCacheMode, outcomes);
		assertThat(plan).contains("Index Scan using jobs_pkey")
			.doesNotContain("jobs_state_queue_idx")
			.doesNotContain("jobs_rescue_idx")
			.doesNotContain("Seq Scan on jobs");
		assertThat(plan).contains("Update on jobs j (actual rows=" + outcomes + " ");
	}

	/**
	 * Explain, run and roll back a write of the outcomes of one node's first executing
	 * jobs.
	 */
	private static String explainWrite(String planCacheMode, int outcomes) throws SQLException {
		String sql = new CompleteSql(tables(), false, new DependencySql(tables(), null)).postgresCompleteStatement();
		return PostgresPlans.explain(database, planCacheMode, sql, (connection, statement) -> {
			List<Long> ids = new ArrayList<>();
			List<String> claimedAt = new ArrayList<>();
			try (Statement select = connection.createStatement();
					ResultSet rows = select.executeQuery("SELECT id, attempted_at::text FROM jobs WHERE state = 1 "
							+ "AND attempted_by = 'node-3' ORDER BY id LIMIT " + outcomes)) {
				while (rows.next()) {
					ids.add(rows.getLong(1));
					claimedAt.add(rows.getString(2));
				}
			}
			String[] none = new String[ids.size()];
			String[] at = claimedAt.toArray(String[]::new);
			Short[] completed = new Short[ids.size()];
			Boolean[] keep = new Boolean[ids.size()];
			Integer[] attempts = new Integer[ids.size()];
			Arrays.fill(completed, (short) 2);
			Arrays.fill(keep, false);
			Arrays.fill(attempts, 1);
			statement.setArray(1, connection.createArrayOf("int8", ids.toArray(Long[]::new)));
			statement.setArray(2, connection.createArrayOf("int2", completed));
			statement.setArray(3, connection.createArrayOf("bool", keep));
			statement.setArray(4, connection.createArrayOf("text", none));
			statement.setArray(5, connection.createArrayOf("text", at));
			statement.setArray(6, connection.createArrayOf("text", none));
			statement.setArray(7, connection.createArrayOf("int4", attempts));
			statement.setArray(8, connection.createArrayOf("text", at));
			statement.setArray(9, connection.createArrayOf("text", none));
		});
	}

	private static Tables tables() {
		return PostgresPlans.tables(store);
	}

}
