package dev.jobs.jdbc;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cluster tests on MariaDB, where only the enqueuing node hears of new jobs at once
 * (the others poll).
 */
class MariaDbClusterTest extends AbstractClusterTest {

	@RegisterExtension
	static final MariaDbTestDatabase database = MariaDbTestDatabase.perClass();

	@Override
	DataSource dataSource() {
		return database.dataSource();
	}

	@Override
	DataSource newDataSource(int size) {
		return database.newDataSource(size);
	}

}
