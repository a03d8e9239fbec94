package dev.jobs.jdbc;

import dev.jobs.store.JobStore;
import dev.jobs.store.JobStoreContractTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract on MariaDB: one fresh database for the class, emptied before each
 * test. What only the JDBC store does is in {@link MariaDbJdbcJobStoreTest}.
 */
class MariaDbJobStoreContractTest extends JobStoreContractTest {

	@RegisterExtension
	static final MariaDbTestDatabase database = MariaDbTestDatabase.perClass();

	private static JdbcJobStore store;

	@BeforeAll
	static void buildStore() {
		store = JdbcJobStore.builder(database.dataSource()).build();
	}

	@Override
	protected JobStore createStore() {
		StoreTables.empty(database.dataSource(), store);
		return store;
	}

}
