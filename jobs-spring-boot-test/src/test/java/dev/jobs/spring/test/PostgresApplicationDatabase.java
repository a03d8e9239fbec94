package dev.jobs.spring.test;

import dev.jobs.jdbc.PostgresTestDatabase;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a test's application at a PostgreSQL schema of its own: Spring Boot builds the
 * {@code DataSource}, the jobs tables and the users table in it as in an application.
 */
final class PostgresApplicationDatabase {

	private PostgresApplicationDatabase() {
	}

	/**
	 * Register the data source properties; the database is read when the context starts,
	 * after the extension opened it.
	 * @param registry the test's dynamic properties
	 * @param database the extension, in a static field of the test class
	 */
	static void register(DynamicPropertyRegistry registry, PostgresTestDatabase database) {
		registry.add("spring.datasource.url", () -> {
			String url = database.serverJdbcUrl();
			return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + database.schema();
		});
		registry.add("spring.sql.init.mode", () -> "always");
	}

}
