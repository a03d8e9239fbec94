package dev.jobs.spring.metrics;

import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import dev.jobs.JobDispatcher;
import dev.jobs.JobRequest;
import dev.jobs.spring.autoconfigure.JobsAutoConfiguration;
import dev.jobs.spring.autoconfigure.JobsMetricsAutoConfiguration;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code jobs.enqueued} counts the jobs a transaction commits, not those it rolls back.
 * No node runs jobs here: only enqueue is counted.
 */
class JobsEnqueuedMetricTransactionTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
				JobsAutoConfiguration.class, JobsMetricsAutoConfiguration.class))
		.withBean(DataSource.class,
				() -> new SimpleDriverDataSource(new org.h2.Driver(),
						"jdbc:h2:mem:metrics-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"))
		.withBean(SimpleMeterRegistry.class)
		.withPropertyValues("jobs.worker.enabled=false", "jobs.reject-unknown-kinds=false");

	@Test
	void countsJobsWhenTheirTransactionCommitsAndNeverWhenItRollsBack() {
		this.runner.run((context) -> {
			JobDispatcher dispatcher = context.getBean(JobDispatcher.class);
			TransactionTemplate transactions = context.getBean(TransactionTemplate.class);

			transactions.executeWithoutResult((status) -> {
				dispatcher.enqueueAll(List.of(JobRequest.of("report", null), JobRequest.of("report", null)));
				dispatcher.enqueue("email", null);
				assertThat(enqueued(context, "report")).as("before commit").isZero();
			});
			assertThat(enqueued(context, "report")).isEqualTo(2);
			assertThat(enqueued(context, "email")).isEqualTo(1);

			transactions.executeWithoutResult((status) -> {
				dispatcher.enqueue("report", null);
				status.setRollbackOnly();
			});
			assertThat(enqueued(context, "report")).isEqualTo(2);

			dispatcher.enqueue("report", null);
			assertThat(enqueued(context, "report")).as("outside a transaction, at once").isEqualTo(3);
		});
	}

	private static double enqueued(AssertableApplicationContext context, String kind) {
		Counter counter = context.getBean(MeterRegistry.class)
			.find(JobsMetricNames.ENQUEUED)
			.tags("kind", kind)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

}
