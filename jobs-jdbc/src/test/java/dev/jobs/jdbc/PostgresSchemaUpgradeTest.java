package dev.jobs.jdbc;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The schema upgrade on PostgreSQL.
 */
class PostgresSchemaUpgradeTest extends AbstractSchemaUpgradeTest {

	@RegisterExtension
	final PostgresTestDatabase database = PostgresTestDatabase.perTest();

	@Override
	DataSource dataSource() {
		return this.database.dataSource();
	}

	@Override
	Dialect dialect() {
		return Dialect.POSTGRESQL;
	}

	@Override
	String schema() {
		return this.database.schema();
	}

}
