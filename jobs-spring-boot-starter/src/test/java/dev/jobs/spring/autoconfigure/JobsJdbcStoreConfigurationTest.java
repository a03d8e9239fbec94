package dev.jobs.spring.autoconfigure;

import java.util.UUID;

import javax.sql.DataSource;

import dev.jobs.Job;
import dev.jobs.JobDispatcher;
import dev.jobs.jdbc.JdbcJobStore;
import dev.jobs.store.JobStore;
import dev.jobs.store.memory.MemoryJobStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JDBC store's conditions and settings, on H2.
 */
class JobsJdbcStoreConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JobsAutoConfiguration.class))
		.withPropertyValues("jobs.worker.enabled=false");

	@Test
	void storesJobsInTheApplicationsDataSource() {
		this.runner.withPropertyValues("spring.datasource.url=" + h2Url()).run((context) -> {
			assertThat(context).hasSingleBean(JdbcJobStore.class).doesNotHaveBean(MemoryJobStore.class);
			Job job = context.getBean(JobDispatcher.class).enqueue("send_email", null);
			assertThat(countJobs(context.getBean(DataSource.class), "jobs")).isEqualTo(1);
			assertThat(context.getBean(JobStore.class).find(job.id())).isPresent();
		});
	}

	@Test
	void storesJobsInTheDataSourceMarkedJobsDataSource() {
		this.runner.withUserConfiguration(TwoDataSources.class).run((context) -> {
			context.getBean(JobDispatcher.class).enqueue("send_email", null);
			assertThat(countJobs(context.getBean("jobsDataSource", DataSource.class), "jobs")).isEqualTo(1);
			assertThat(new JdbcTemplate(context.getBean("appDataSource", DataSource.class))
				.queryForObject("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'JOBS'", Long.class))
				.isZero();
		});
	}

	@Test
	void failsClearlyWithSeveralDataSourcesAndNoneChosen() {
		this.runner.withUserConfiguration(TwoUnmarkedDataSources.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("there are several and none is @Primary or marked @JobsDataSource");
		});
	}

	@Test
	void appliesTheTablePrefix() {
		this.runner.withPropertyValues("spring.datasource.url=" + h2Url(), "jobs.jdbc.table-prefix=app_")
			.run((context) -> {
				context.getBean(JobDispatcher.class).enqueue("send_email", null);
				assertThat(countJobs(context.getBean(DataSource.class), "app_jobs")).isEqualTo(1);
			});
	}

	@Test
	void claimsAndOutcomesSkipTheFlushWaitUnlessAsked() {
		this.runner.withPropertyValues("spring.datasource.url=" + h2Url())
			.run((context) -> assertThat(context.getBean(JdbcJobStore.class).engineSynchronousCommit()).isFalse());
		this.runner.withPropertyValues("spring.datasource.url=" + h2Url(), "jobs.jdbc.engine-synchronous-commit=true")
			.run((context) -> assertThat(context.getBean(JdbcJobStore.class).engineSynchronousCommit()).isTrue());
	}

	@Test
	void startsAfterTheApplicationsDatabaseInitialization() {
		// The application's bean asks for the dispatcher first, as application beans do.
		this.runner.withConfiguration(AutoConfigurations.of(DataSourceInitializationAutoConfiguration.class))
			.withBean(Signup.class)
			.withPropertyValues("spring.datasource.url=" + h2Url(),
					"spring.sql.init.schema-locations=classpath:create-app-schema.sql")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(new JdbcTemplate(context.getBean(DataSource.class))
					.queryForObject("SELECT job_tables FROM app_init_marker", Long.class))
					.as("job tables when the application's schema script ran")
					.isZero();
			});
	}

	@Test
	void rejectsAMalformedTablePrefixNamingTheProperty() {
		this.runner.withPropertyValues("spring.datasource.url=" + h2Url(), "jobs.jdbc.table-prefix=app-")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidConfigurationPropertyValueException.class)
					.hasMessageContaining("jobs.jdbc.table-prefix");
			});
	}

	@Test
	void failsStartUpWithoutTablesWhenMigrationIsOff() {
		this.runner.withPropertyValues("spring.datasource.url=" + h2Url(), "jobs.jdbc.migrate=false")
			.run((context) -> assertThat(context).hasFailed());
	}

	private static long countJobs(DataSource dataSource, String table) {
		Long count = new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
		return (count != null) ? count : 0;
	}

	private static String h2Url() {
		return "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE";
	}

	private static DataSource h2() {
		return new SimpleDriverDataSource(new org.h2.Driver(), h2Url());
	}

	record Signup(JobDispatcher jobs) {
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoDataSources {

		@Bean
		@Primary
		DataSource appDataSource() {
			return h2();
		}

		@Bean
		@JobsDataSource
		DataSource jobsDataSource() {
			return h2();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoUnmarkedDataSources {

		@Bean
		DataSource first() {
			return h2();
		}

		@Bean
		DataSource second() {
			return h2();
		}

	}

}
