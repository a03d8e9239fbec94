package dev.jobs.spring.autoconfigure;

import java.util.List;

import javax.sql.DataSource;

import dev.jobs.Job;
import dev.jobs.JobDispatcher;
import dev.jobs.JobRequest;
import dev.jobs.JobState;
import dev.jobs.store.JobStore;
import dev.jobs.store.ListParams;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JobDispatcher} joins the caller's Spring transaction: the job appears only on
 * commit, a rollback leaves nothing, and without a transaction it commits on its own.
 * Each database runs it on a real server.
 */
abstract class AbstractTransactionalEnqueueTest {

	private final ApplicationContextRunner runner = runner(this::dataSource);

	private static ApplicationContextRunner runner(java.util.function.Supplier<DataSource> dataSource) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceTransactionManagerAutoConfiguration.class,
					TransactionAutoConfiguration.class, JobsAutoConfiguration.class))
			.withBean("dataSource", DataSource.class, dataSource, (definition) -> definition.setDestroyMethodName(""))
			.withPropertyValues("jobs.worker.enabled=false");
	}

	/**
	 * The database, shared by the class's tests; each test enqueues its own jobs.
	 * @return the data source
	 */
	protected abstract DataSource dataSource();

	@Test
	void aJobEnqueuedInATransactionAppearsOnlyWhenItCommits() {
		this.runner.run((context) -> {
			JobStore store = context.getBean(JobStore.class);
			Job job = transaction(context).execute((status) -> {
				Job enqueued = context.getBean(JobDispatcher.class).enqueue("send_email", "ada@example.com");
				assertThat(store.find(enqueued.id())).as("seen from outside before commit").isEmpty();
				return enqueued;
			});
			assertThat(store.find(job.id())).get().extracting(Job::state).isEqualTo(JobState.AVAILABLE);
		});
	}

	@Test
	void aRollbackLeavesNoJob() {
		this.runner.run((context) -> {
			JobStore store = context.getBean(JobStore.class);
			Job job = transaction(context).execute((status) -> {
				Job enqueued = context.getBean(JobDispatcher.class)
					.enqueue(JobRequest.of("send_email", "grace@example.com").queue("rollback"));
				status.setRollbackOnly();
				return enqueued;
			});
			assertThat(store.find(job.id())).isEmpty();
			assertThat(store.list(new ListParams("rollback", null, null, 10))).isEmpty();
		});
	}

	@Test
	void enqueueAllRollsBackWithTheTransactionToo() {
		this.runner.run((context) -> {
			JobStore store = context.getBean(JobStore.class);
			transaction(context).executeWithoutResult((status) -> {
				context.getBean(JobDispatcher.class)
					.enqueueAll(List.of(JobRequest.of("a", null).queue("batch-rollback"),
							JobRequest.of("b", null).queue("batch-rollback")));
				status.setRollbackOnly();
			});
			assertThat(store.list(new ListParams("batch-rollback", null, null, 10))).isEmpty();
		});
	}

	@Test
	void withoutATransactionAJobCommitsOnItsOwn() {
		this.runner.run((context) -> {
			Job job = context.getBean(JobDispatcher.class).enqueue("send_email", "linus@example.com");
			assertThat(context.getBean(JobStore.class).find(job.id())).get()
				.extracting(Job::state)
				.isEqualTo(JobState.AVAILABLE);
		});
	}

	@Test
	void withPropagationSupportsAndNoTransactionAJobCommitsOnItsOwnEvenWithAutoCommitOff() {
		DataSource manualCommit = (DataSource) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { DataSource.class }, (proxy, method, args) -> {
					Object result = method.invoke(dataSource(), args);
					if (result instanceof java.sql.Connection connection) {
						connection.setAutoCommit(false);
					}
					return result;
				});
		runner(() -> manualCommit).run((context) -> {
			TransactionTemplate supports = new TransactionTemplate(
					context.getBean(org.springframework.transaction.PlatformTransactionManager.class));
			supports.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_SUPPORTS);
			Job job = supports.execute((status) -> context.getBean(JobDispatcher.class).enqueue("send_email", "x@y.z"));
			assertThat(context.getBean(JobStore.class).find(job.id())).as("committed by the store").isPresent();
		});
	}

	private static TransactionTemplate transaction(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		return context.getBean(TransactionTemplate.class);
	}

}
