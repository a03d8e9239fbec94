package dev.jobs.spring.test;

import dev.jobs.jdbc.PostgresTestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Inline mode on PostgreSQL, in a schema of its own ({@code JOBS_TEST_JDBC_URL}, else
 * Testcontainers, else skipped loudly).
 */
@DirtiesContext
class PostgresInlineModeTest extends AbstractInlineModeDatabaseTest {

	@RegisterExtension
	static final PostgresTestDatabase database = PostgresTestDatabase.perClass();

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PostgresApplicationDatabase.register(registry, database);
	}

	@Override
	String databaseProduct() {
		return "PostgreSQL";
	}

}
