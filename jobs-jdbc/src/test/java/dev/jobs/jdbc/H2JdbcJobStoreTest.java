package dev.jobs.jdbc;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What only the JDBC store does, on H2 (store contract: {@link H2JobStoreContractTest}).
 */
class H2JdbcJobStoreTest extends AbstractJdbcJobStoreTest {

	@RegisterExtension
	static final H2TestDatabase database = H2TestDatabase.perClass();

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

}
