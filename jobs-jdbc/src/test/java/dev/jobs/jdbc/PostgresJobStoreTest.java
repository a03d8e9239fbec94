package dev.jobs.jdbc;

import dev.jobs.store.JobStore;
import dev.jobs.store.JobStoreContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract on PostgreSQL: one schema per class, emptied before each test.
 */
class PostgresJobStoreTest extends JobStoreContractTest {

	private static PostgresTestDatabase database;

	private static JdbcJobStore store;

	@BeforeAll
	static void createDatabase() {
		database = PostgresTestDatabase.create();
		store = JdbcJobStore.builder(database.dataSource()).build();
	}

	@AfterAll
	static void dropDatabase() {
		if (database != null) {
			store.close();
			database.close();
		}
	}

	@Override
	protected JobStore createStore() {
		StoreTables.empty(database.dataSource(), store);
		return store;
	}

}
