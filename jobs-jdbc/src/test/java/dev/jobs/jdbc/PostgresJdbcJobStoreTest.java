package dev.jobs.jdbc;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresJdbcJobStoreTest extends AbstractJdbcJobStoreTest {

	private static PostgresTestDatabase database;

	private static JdbcJobStore store;

	@BeforeAll
	static void createStore() {
		database = PostgresTestDatabase.create();
		store = JdbcJobStore.builder(database.dataSource()).build();
	}

	@AfterAll
	static void dropSchema() {
		if (database != null) {
			store.close();
			database.close();
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
