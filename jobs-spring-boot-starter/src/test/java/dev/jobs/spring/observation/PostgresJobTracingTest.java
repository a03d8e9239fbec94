package dev.jobs.spring.observation;

import javax.sql.DataSource;

import dev.jobs.jdbc.PostgresTestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One trace from request to job on PostgreSQL, in a schema of its own.
 */
class PostgresJobTracingTest extends AbstractJobTracingTest {

	@RegisterExtension
	static final PostgresTestDatabase database = PostgresTestDatabase.perClass();

	@Override
	protected DataSource dataSource() {
		return database.dataSource();
	}

}
