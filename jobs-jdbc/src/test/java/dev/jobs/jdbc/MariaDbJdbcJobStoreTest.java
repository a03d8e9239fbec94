package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import dev.jobs.Job;
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
 * claim's plan, over-long unique keys, queues and kinds. The store contract is in
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

	@Test
	void aKindLongerThanTheColumnFailsABatchRatherThanBeingCut() throws SQLException {
		List<JobInsert> jobs = List.of(JobInsert.of("q", "a", "{}", T0), JobInsert.of("q", "k".repeat(256), "{}", T0));
		assertThatExceptionOfType(JobsException.class).isThrownBy(() -> store.insert(new InsertParams(jobs, T0)))
			.withMessageContaining("kind is 256 characters long")
			.withMessageContaining("at most 255");
		assertThat(storedJobs()).isZero();
	}

	@Test
	void aQueueLongerThanTheColumnInALaterChunkLeavesNoJobOfTheBatch() throws SQLException {
		// The first 1,000 rows are inserted before the second chunk is bound: the batch's
		// own transaction must take them back.
		List<JobInsert> jobs = new ArrayList<>();
		for (int i = 0; i < 1_000; i++) {
			jobs.add(JobInsert.of("q", "k", "{}", T0));
		}
		jobs.add(JobInsert.of("q".repeat(300), "k", "{}", T0));
		assertThatExceptionOfType(JobsException.class).isThrownBy(() -> store.insert(new InsertParams(jobs, T0)))
			.withMessageContaining("queue is 300 characters long");
		assertThat(storedJobs()).isZero();
	}

	@Test
	void aBatchLargerThanOnePacketGoesInSeveralStatementsInOneTransaction() throws SQLException {
		// Ten args of a million characters are 20 MB of SQL as hexadecimal literals: over
		// the server's default max_allowed_packet of 16 MB in one statement.
		List<JobInsert> jobs = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			// With characters that quoting would have to escape, and one of two bytes.
			jobs.add(JobInsert.of("q", "k", "{\"s\":\"\u00e9'\\\\" + i + "x".repeat(1_000_000) + "\"}", T0));
		}
		List<Job> inserted = store.insert(new InsertParams(jobs, T0));
		assertThat(inserted).extracting(Job::id).doesNotHaveDuplicates().isSorted();
		for (int i = 0; i < jobs.size(); i++) {
			assertThat(store.find(inserted.get(i).id())).get().extracting(Job::args).isEqualTo(jobs.get(i).args());
		}
		store.deleteAvailable("q", T0);
		jobs.add(JobInsert.of("q", "k".repeat(256), "{}", T0));
		assertThatExceptionOfType(JobsException.class).isThrownBy(() -> store.insert(new InsertParams(jobs, T0)))
			.withMessageContaining("kind is 256 characters long");
		assertThat(storedJobs()).as("the statements sent before the bad job were rolled back").isZero();
	}

	private static long storedJobs() throws SQLException {
		try (Connection connection = database.openConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM jobs")) {
			rows.next();
			return rows.getLong(1);
		}
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
