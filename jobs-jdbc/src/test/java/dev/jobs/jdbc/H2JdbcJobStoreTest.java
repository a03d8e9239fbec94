package dev.jobs.jdbc;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;

class H2JdbcJobStoreTest extends AbstractJdbcJobStoreTest {

	private static JdbcDataSource dataSource;

	private static JdbcJobStore store;

	@BeforeAll
	static void createStore() {
		dataSource = H2TestDatabase.create(H2JdbcJobStoreTest.class);
		store = JdbcJobStore.builder(dataSource).build();
	}

	@Override
	protected DataSource dataSource() {
		return dataSource;
	}

	@Override
	protected JdbcJobStore store() {
		return store;
	}

}
