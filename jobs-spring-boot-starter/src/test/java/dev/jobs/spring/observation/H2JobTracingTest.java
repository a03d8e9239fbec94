package dev.jobs.spring.observation;

import javax.sql.DataSource;

import dev.jobs.jdbc.H2TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One trace from request to job on H2.
 */
class H2JobTracingTest extends AbstractJobTracingTest {

	@RegisterExtension
	static final H2TestDatabase database = H2TestDatabase.perClass();

	@Override
	protected DataSource dataSource() {
		return database.dataSource();
	}

}
