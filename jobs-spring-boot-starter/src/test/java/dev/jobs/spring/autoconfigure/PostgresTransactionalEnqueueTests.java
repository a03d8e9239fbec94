package dev.jobs.spring.autoconfigure;

import javax.sql.DataSource;

import dev.jobs.jdbc.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Transactional enqueue on PostgreSQL, in a schema of its own
 * ({@code JOBS_TEST_JDBC_URL}, else Testcontainers, else skipped loudly).
 */
class PostgresTransactionalEnqueueTests extends AbstractTransactionalEnqueueTests {

	private static PostgresTestDatabase database;

	@BeforeAll
	static void createDatabase() {
		database = PostgresTestDatabase.create();
	}

	@AfterAll
	static void dropDatabase() {
		if (database != null) {
			database.close();
		}
	}

	@Override
	protected DataSource dataSource() {
		return database.dataSource();
	}

}
