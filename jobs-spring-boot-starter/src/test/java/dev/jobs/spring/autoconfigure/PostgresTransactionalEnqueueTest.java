package dev.jobs.spring.autoconfigure;

import javax.sql.DataSource;

import dev.jobs.jdbc.PostgresTestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Transactional enqueue on PostgreSQL, in a schema of its own
 * ({@code JOBS_TEST_JDBC_URL}, else Testcontainers, else skipped loudly).
 */
class PostgresTransactionalEnqueueTest extends AbstractTransactionalEnqueueTest {

	@RegisterExtension
	static final PostgresTestDatabase database = PostgresTestDatabase.perClass();

	@Override
	protected DataSource dataSource() {
		return database.dataSource();
	}

}
