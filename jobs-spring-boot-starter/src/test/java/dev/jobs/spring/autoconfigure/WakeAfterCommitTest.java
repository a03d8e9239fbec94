package dev.jobs.spring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.jobs.Job;
import dev.jobs.JobDispatcher;
import dev.jobs.JobState;
import dev.jobs.jdbc.JdbcJobStore;
import dev.jobs.spring.handler.JobHandler;
import dev.jobs.store.DelegatingJobStore;
import dev.jobs.store.FetchParams;
import dev.jobs.store.JobStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A job enqueued in a transaction runs as soon as the transaction commits, even on H2,
 * which has no notifications. Queues poll only hourly here, once the producer's first
 * claim at start is done: only the wake that follows the commit can run the job.
 */
class WakeAfterCommitTest {

	private static final DataSource dataSource = new SimpleDriverDataSource(new org.h2.Driver(),
			"jdbc:h2:mem:wake-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceTransactionManagerAutoConfiguration.class,
				TransactionAutoConfiguration.class, JobsAutoConfiguration.class))
		.withBean(DataSource.class, () -> dataSource)
		.withBean(CountingStore.class, () -> new CountingStore(
				JdbcJobStore.builder(dataSource).connectionProvider(new SpringTransactionConnectionProvider()).build()))
		.withBean(Handler.class)
		.withPropertyValues("jobs.poll-interval=1h", "jobs.node.heartbeat-interval=1h", "jobs.node.expiry=2h");

	@Test
	void runsAJobEnqueuedInATransactionOnceItCommits() {
		this.runner.run((context) -> {
			CountingStore store = context.getBean(CountingStore.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> store.fetches.get() > 0);
			Job job = context.getBean(TransactionTemplate.class)
				.execute((status) -> context.getBean(JobDispatcher.class).enqueue("noop", null));
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(store.find(job.id())).get()
					.extracting(Job::state)
					.isEqualTo(JobState.COMPLETED));
		});
	}

	static class CountingStore extends DelegatingJobStore {

		final AtomicInteger fetches = new AtomicInteger();

		CountingStore(JobStore delegate) {
			super(delegate);
		}

		@Override
		public List<Job> fetch(FetchParams params) {
			try {
				return super.fetch(params);
			}
			finally {
				this.fetches.incrementAndGet();
			}
		}

	}

	static class Handler {

		@JobHandler("noop")
		void noop() {
		}

	}

}
