package dev.jobs.jdbc;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cluster tests on PostgreSQL, where LISTEN/NOTIFY wakes every node at once.
 */
class PostgresClusterTest extends AbstractClusterTest {

	@RegisterExtension
	static final PostgresTestDatabase database = PostgresTestDatabase.perClass();

	@Override
	DataSource dataSource() {
		return database.dataSource();
	}

	@Override
	DataSource newDataSource(int size) {
		return database.newDataSource(size);
	}

}
