package dev.jobs.spring.actuate;

import java.lang.reflect.Proxy;

import dev.jobs.engine.Supervisor;
import dev.jobs.spring.autoconfigure.JobsAutoConfiguration;
import dev.jobs.spring.autoconfigure.JobsHealthContributorAutoConfiguration;
import dev.jobs.store.JobStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code jobs} health indicator and its condition.
 */
class JobsHealthIndicatorTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(JobsAutoConfiguration.class, JobsHealthContributorAutoConfiguration.class));

	@Test
	void isUpWithTheNodeWhileTheSupervisorRuns() {
		this.runner.run((context) -> {
			Health health = context.getBean("jobsHealthIndicator", JobsHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("worker", "running")
				.containsEntry("node", context.getBean(Supervisor.class).nodeId())
				.containsEntry("leader", true);
		});
	}

	@Test
	void isDownOnceTheSupervisorStopped() {
		this.runner.run((context) -> {
			context.getBean(Supervisor.class).stop();
			Health health = context.getBean(JobsHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("worker", "stopped");
		});
	}

	@Test
	void isUpOnANodeThatOnlyEnqueues() {
		this.runner.withPropertyValues("jobs.worker.enabled=false").run((context) -> {
			Health health = context.getBean(JobsHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("worker", "disabled");
		});
	}

	@Test
	void isDownWhenTheStoreDoesNotAnswer() {
		JobStore unreachable = (JobStore) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { JobStore.class }, (proxy, method, args) -> {
					throw new IllegalStateException("Connection refused");
				});
		Health health = new JobsHealthIndicator(unreachable, null).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("store", "unreachable")
			.containsEntry("error", "java.lang.IllegalStateException: Connection refused");
	}

	@Test
	void isNotCreatedWhenDisabled() {
		this.runner.withPropertyValues("management.health.jobs.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(JobsHealthIndicator.class));
	}

}
