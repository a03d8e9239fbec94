package dev.jobs.jdbc;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

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

}
