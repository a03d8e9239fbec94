package dev.jobs.spring.autoconfigure;

import javax.sql.DataSource;

import dev.jobs.jdbc.H2TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Transactional enqueue on H2.
 */
class H2TransactionalEnqueueTest extends AbstractTransactionalEnqueueTest {

	@RegisterExtension
	static final H2TestDatabase database = H2TestDatabase.perClass();

	@Override
	protected DataSource dataSource() {
		return database.dataSource();
	}

}
