package dev.jobs.jdbc;

import java.time.Duration;
import java.util.List;

import dev.jobs.limit.JobLimit;
import dev.jobs.limit.JobLimits;
import dev.jobs.store.JobStore;
import dev.jobs.store.JobStoreContractTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.awaitility.Awaitility.await;

/**
 * The store contract on PostgreSQL: one fresh schema for the class, emptied before each
 * test. What only the JDBC store does is in {@link PostgresJdbcJobStoreTest}.
 */
class PostgresJobStoreContractTest extends JobStoreContractTest {

	@RegisterExtension
	static final PostgresTestDatabase database = PostgresTestDatabase.perClass();

	private static JdbcJobStore store;

	@BeforeAll
	static void buildStore() {
		store = JdbcJobStore.builder(database.dataSource()).build();
		// Claims within kind-wide limits take their one-round-trip form once the by-kind
		// index is there: the contract holds for that form.
		JobLimits kindWide = JobLimits.of(List.of(JobLimit.of("any").concurrency(1)));
		store.prepareLimits(kindWide);
		await().atMost(Duration.ofSeconds(30)).until(() -> store.claimsInOneRoundTrip(kindWide));
	}

	@Override
	protected JobStore createStore() {
		StoreTables.empty(database.dataSource(), store);
		return store;
	}

}
