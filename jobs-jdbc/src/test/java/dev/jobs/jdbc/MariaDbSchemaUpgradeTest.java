package dev.jobs.jdbc;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The schema upgrade on MariaDB.
 */
class MariaDbSchemaUpgradeTest extends AbstractSchemaUpgradeTest {

	@RegisterExtension
	final MariaDbTestDatabase database = MariaDbTestDatabase.perTest();

	@Override
	DataSource dataSource() {
		return this.database.dataSource();
	}

	@Override
	Dialect dialect() {
		return Dialect.MARIADB;
	}

	@Override
	String schema() {
		return this.database.schema();
	}

}
