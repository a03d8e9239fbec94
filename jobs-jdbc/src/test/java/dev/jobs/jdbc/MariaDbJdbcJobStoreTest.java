package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import dev.jobs.JobsException;
import dev.jobs.UniqueStrategy;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What only the JDBC store does, on MariaDB: enqueue on the caller's connection, the
 * claim's plan, over-long unique keys. The store contract is in
 * {@link MariaDbJobStoreContractTest}, which runs it on MariaDB too.
 */
class MariaDbJdbcJobStoreTest extends AbstractJdbcJobStoreTest {

	@RegisterExtension
	static final MariaDbTestDatabase database = MariaDbTestDatabase.perClass();

	private static JdbcJobStore store;

	@BeforeAll
	static void createStore() {
		store = JdbcJobStore.builder(database.dataSource()).build();
	}

	@Test
	void theClaimReadsTheClaimIndexInClaimOrderWithoutASort() throws SQLException {
		List<JobInsert> jobs = new ArrayList<>();
		for (int i = 0; i < 2_000; i++) {
			jobs.add(new JobInsert((i % 2 == 0) ? "q" : "other", "k", "{}", i % 3, 20, T0.plusSeconds(i % 7), null,
					UniqueStrategy.IGNORE, null));
		}
		store.insert(new InsertParams(jobs, T0));
		String sql = new ClaimSql(Tables.of(Dialect.MARIADB, store.schema(), ""), false).lockStatement();
		try (Connection connection = database.openConnection();
				PreparedStatement statement = connection.prepareStatement("EXPLAIN " + sql)) {
			connection.createStatement().execute("ANALYZE TABLE jobs");
			statement.setString(1, "q");
			statement.setString(2, "q");
			statement.setInt(3, 10);
			try (ResultSet plan = statement.executeQuery()) {
				plan.next();
				assertThat(plan.getString("key")).isEqualTo("jobs_claim_idx");
				assertThat(plan.getString("Extra")).doesNotContain("filesort");
			}
		}
	}

	@Test
	void aUniqueKeyLongerThanTheColumnFailsRatherThanBeingCut() {
		String key = "k".repeat(256);
		assertThatExceptionOfType(JobsException.class)
			.isThrownBy(() -> store.insert(new InsertParams(
					List.of(unique(JobInsert.of("q", "k", "{}", T0), key, UniqueStrategy.IGNORE)), T0)))
			.withMessageContaining("uniqueKey is 256 characters long")
			.withMessageContaining("at most 255");
	}

	@Override
	protected DataSource dataSource() {
		return database.dataSource();
	}

	@Override
	protected JdbcJobStore store() {
		return store;
	}

}
