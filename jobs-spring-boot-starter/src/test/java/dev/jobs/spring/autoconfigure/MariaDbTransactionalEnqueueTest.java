package dev.jobs.spring.autoconfigure;

import javax.sql.DataSource;

import dev.jobs.jdbc.MariaDbTestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Transactional enqueue on MariaDB, in a database of its own
 * ({@code JOBS_TEST_MARIADB_URL}, else skipped loudly).
 */
class MariaDbTransactionalEnqueueTest extends AbstractTransactionalEnqueueTest {

	@RegisterExtension
	static final MariaDbTestDatabase database = MariaDbTestDatabase.perClass();

	@Override
	protected DataSource dataSource() {
		return database.dataSource();
	}

}
