package dev.jobs.spring.autoconfigure;

import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Transactional enqueue on H2.
 */
class H2TransactionalEnqueueTests extends AbstractTransactionalEnqueueTests {

	private static final DataSource dataSource = new SimpleDriverDataSource(new org.h2.Driver(),
			"jdbc:h2:mem:tx-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

	@Override
	protected DataSource dataSource() {
		return dataSource;
	}

}
