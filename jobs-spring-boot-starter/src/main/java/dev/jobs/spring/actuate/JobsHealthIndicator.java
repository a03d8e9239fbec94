package dev.jobs.spring.actuate;

import java.util.Objects;
import java.util.Set;

import dev.jobs.engine.Supervisor;
import dev.jobs.store.JobStore;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of background jobs: up when the store answers and, on a worker node, the
 * supervisor runs. A node that only enqueues is up when the store answers.
 */
public class JobsHealthIndicator implements HealthIndicator {

	private final JobStore store;

	private final @Nullable Supervisor supervisor;

	public JobsHealthIndicator(JobStore store, @Nullable Supervisor supervisor) {
		this.store = Objects.requireNonNull(store, "store must not be null");
		this.supervisor = supervisor;
	}

	@Override
	public Health health() {
		Set<String> paused;
		try {
			paused = this.store.pausedQueues();
		}
		catch (RuntimeException ex) {
			return Health.down(ex).withDetail("store", "unreachable").build();
		}
		if (this.supervisor == null) {
			return Health.up().withDetail("worker", "disabled").withDetail("pausedQueues", paused).build();
		}
		Health.Builder health = this.supervisor.isRunning() ? Health.up().withDetail("worker", "running")
				: Health.down().withDetail("worker", "stopped");
		return health.withDetail("node", this.supervisor.nodeId())
			.withDetail("leader", this.supervisor.isLeader())
			.withDetail("pausedQueues", paused)
			.build();
	}

}
