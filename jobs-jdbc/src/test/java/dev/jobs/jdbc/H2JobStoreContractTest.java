package dev.jobs.jdbc;

import dev.jobs.store.JobStore;
import dev.jobs.store.JobStoreContractTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract on H2: one in-memory database for the class, emptied before each
 * test. What only the JDBC store does is in {@link H2JdbcJobStoreTest}.
 */
class H2JobStoreContractTest extends JobStoreContractTest {

	@RegisterExtension
	static final H2TestDatabase database = H2TestDatabase.perClass();

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
