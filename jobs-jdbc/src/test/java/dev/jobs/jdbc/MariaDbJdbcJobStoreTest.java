package dev.jobs.jdbc;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What only the JDBC store does, on MariaDB. The store contract is in
 * {@link MariaDbJobStoreContractTest}.
 */
class MariaDbJdbcJobStoreTest extends AbstractJdbcJobStoreTest {

	@RegisterExtension
	static final MariaDbTestDatabase database = MariaDbTestDatabase.perClass();

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
