package dev.jobs.dashboard;

import javax.sql.DataSource;

import dev.jobs.jdbc.PostgresTestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The dashboard's API on PostgreSQL, in a schema of its own ({@code JOBS_TEST_JDBC_URL},
 * else Testcontainers, else skipped loudly).
 */
class PostgresDashboardApiTest extends AbstractDashboardApiTest {

	@RegisterExtension
	static final PostgresTestDatabase database = PostgresTestDatabase.perClass();

	@TestConfiguration(proxyBeanMethods = false)
	static class PostgresDataSource {

		/**
		 * The extension's pool, which it closes itself after the class.
		 */
		@Bean
		DataSource dataSource() {
			return new DelegatingDataSource(database.dataSource());
		}

	}

}
