package dev.jobs.spring.autoconfigure;

import javax.sql.DataSource;

import dev.jobs.JobDispatcher;
import dev.jobs.engine.CommitHooks;
import dev.jobs.jdbc.H2TestDatabase;
import dev.jobs.jdbc.JdbcJobStore;
import dev.jobs.spring.actuate.JobsEndpoint;
import dev.jobs.spring.actuate.JobsHealthIndicator;
import dev.jobs.spring.metrics.JobsMetricsListener;
import dev.jobs.spring.metrics.JobsQueueMetrics;
import dev.jobs.store.JobStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code @ConditionalOnClass} of the auto-configurations: each configuration backs
 * off when its class is missing, as in an application without that library.
 */
class JobsClassConditionsTest {

	@RegisterExtension
	static final H2TestDatabase database = H2TestDatabase.perClass();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JobsAutoConfiguration.class, JobsEndpointAutoConfiguration.class,
				JobsHealthContributorAutoConfiguration.class, JobsMetricsAutoConfiguration.class))
		.withBean(DataSource.class, database::dataSource)
		.withBean(SimpleMeterRegistry.class)
		.withPropertyValues("jobs.worker.enabled=false", "management.endpoints.web.exposure.include=jobs");

	@Test
	void everyConfigurationAppliesWhenEveryClassIsPresent() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(JdbcJobStore.class)
			.hasSingleBean(JobsEndpoint.class)
			.hasSingleBean(JobsHealthIndicator.class)
			.hasSingleBean(JobsMetricsListener.class)
			.hasSingleBean(JobsQueueMetrics.class));
	}

	@Test
	void enqueueCommitsOnItsOwnWithoutSpringTransactions() {
		this.runner
			.run((context) -> assertThat(context).getBean(CommitHooks.class).isInstanceOf(SpringCommitHooks.class));
		this.runner.withClassLoader(new FilteredClassLoader(TransactionSynchronizationManager.class))
			.run((context) -> assertThat(context).doesNotHaveBean(CommitHooks.class)
				.hasSingleBean(JobDispatcher.class));
	}

	@Test
	void jdbcStoreBacksOffWithoutJobsJdbc() {
		this.runner.withClassLoader(new FilteredClassLoader(JdbcJobStore.class))
			.run((context) -> assertThat(context).doesNotHaveBean(JdbcJobStore.class).hasSingleBean(JobStore.class));
	}

	@Test
	void jdbcStoreBacksOffWithoutSpringJdbc() {
		this.runner.withClassLoader(new FilteredClassLoader(DataSourceUtils.class))
			.run((context) -> assertThat(context).doesNotHaveBean(JdbcJobStore.class).hasSingleBean(JobStore.class));
	}

	@Test
	void endpointBacksOffWithoutActuator() {
		this.runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasSingleBean(JobStore.class).doesNotHaveBean(JobsEndpoint.class));
	}

	@Test
	void healthIndicatorBacksOffWithoutSpringBootHealth() {
		this.runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).hasSingleBean(JobStore.class)
				.doesNotHaveBean(JobsHealthIndicator.class));
	}

	@Test
	void metricsBackOffWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasSingleBean(JobStore.class)
				.doesNotHaveBean(JobsMetricsListener.class)
				.doesNotHaveBean(JobsQueueMetrics.class));
	}

}
