package dev.jobs.jdbc;

import dev.jobs.store.JobStore;
import dev.jobs.store.JobStoreContractTest;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract on H2: one in-memory database per class, emptied before each test.
 */
class H2JobStoreTest extends JobStoreContractTest {

	private static JdbcDataSource dataSource;

	private static JdbcJobStore store;

	@BeforeAll
	static void createDatabase() {
		dataSource = H2TestDatabase.create(H2JobStoreTest.class);
		store = JdbcJobStore.builder(dataSource).build();
	}

	@Override
	protected JobStore createStore() {
		StoreTables.empty(dataSource, store);
		return store;
	}

}
