package dev.jobs.jdbc;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The schema upgrade on H2.
 */
class H2SchemaUpgradeTest extends AbstractSchemaUpgradeTest {

	@RegisterExtension
	final H2TestDatabase database = H2TestDatabase.perTest();

	@Override
	DataSource dataSource() {
		return this.database.dataSource();
	}

	@Override
	Dialect dialect() {
		return Dialect.H2;
	}

	@Override
	String schema() {
		return "PUBLIC";
	}

}
