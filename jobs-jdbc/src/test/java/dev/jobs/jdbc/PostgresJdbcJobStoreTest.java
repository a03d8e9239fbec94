package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.jobs.Job;
import dev.jobs.limit.JobLimit;
import dev.jobs.limit.JobLimits;
import dev.jobs.store.FetchParams;
import dev.jobs.store.FetchResult;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What only the JDBC store does, on PostgreSQL; {@link PostgresJobStoreContractTest}
 * holds the store contract.
 */
class PostgresJdbcJobStoreTest extends AbstractJdbcJobStoreTest {

	@RegisterExtension
	static final PostgresTestDatabase database = PostgresTestDatabase.perClass();

	private static JdbcJobStore store;

	@BeforeAll
	static void createStore() {
		store = JdbcJobStore.builder(database.dataSource()).build();
	}

	@Override
	protected DataSource dataSource() {
		return database.dataSource();
	}

	@Override
	protected JdbcJobStore store() {
		return store;
	}

	/**
	 * The one-round-trip claim within kind-wide limits sends its lock and its claim
	 * together; the claim must count what a claim that held the lock committed while this
	 * one waited, or two nodes would both fill the last slot.
	 */
	@Test
	void aClaimWithinKindLimitsCountsWhatAClaimCommittedWhileItWaitedForTheLock() throws Exception {
		JobLimits limits = JobLimits.of(List.of(JobLimit.of("sync").concurrency(1)));
		store.prepareLimits(limits);
		await().atMost(Duration.ofSeconds(30)).until(() -> store.claimsInOneRoundTrip(limits));
		List<Job> jobs = store.insert(new InsertParams(List.of(JobInsert.of("q", "sync", "{}", T0),
				JobInsert.of("q", "sync", "{}", T0), JobInsert.of("q", "other", "{}", T0)), T0));
		Tables tables = Tables.of(store.dialect(), store.schema(), store.tablePrefix());
		try (Connection otherNode = dataSource().getConnection(); Statement statement = otherNode.createStatement()) {
			otherNode.setAutoCommit(false);
			// As another node's claim within the same limits does it.
			statement.execute("SELECT pg_advisory_xact_lock(hashtext('" + tables.jobs() + " limits'))");
			statement.executeUpdate("UPDATE " + tables.jobs() + " SET state = 1, attempt = 1, attempted_at = now(), "
					+ "attempted_by = 'node-b' WHERE id = " + jobs.get(0).id());
			CompletableFuture<FetchResult> claim = CompletableFuture
				.supplyAsync(() -> store.fetchWithinLimits(new FetchParams("q", 10, "node-a", T0, limits)));
			await().atMost(Duration.ofSeconds(30)).until(() -> waitsForAnAdvisoryLock(statement));
			otherNode.commit();
			FetchResult result = claim.get(30, TimeUnit.SECONDS);
			assertThat(result.jobs()).extracting(Job::kind).containsExactly("other");
			assertThat(result.held()).as("a job waits on the full kind").isTrue();
		}
	}

	private static boolean waitsForAnAdvisoryLock(Statement statement) throws Exception {
		try (ResultSet rows = statement
			.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
			return rows.next() && rows.getInt(1) > 0;
		}
	}

}
