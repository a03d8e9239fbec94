package dev.jobs.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

import dev.jobs.HandlerRegistry;
import dev.jobs.Job;
import dev.jobs.JobEvent;
import dev.jobs.JobState;
import dev.jobs.retry.RetryPolicy;
import dev.jobs.store.JobStore;
import dev.jobs.store.memory.MemoryJobStore;
import dev.jobs.testing.MutableClock;

import static org.awaitility.Awaitility.await;

/**
 * A supervisor on a memory store with a hand-moved clock, fast loops, and a record of
 * every event. Maintenance intervals are long so that tests drive staging, rescue and
 * pruning by hand.
 */
final class EngineHarness implements AutoCloseable {

	static final Duration LONG = Duration.ofHours(1);

	final MutableClock clock = new MutableClock();

	final MemoryJobStore store = new MemoryJobStore();

	final HandlerRegistry handlers = new HandlerRegistry();

	final List<JobEvent> events = new CopyOnWriteArrayList<>();

	private Supervisor supervisor;

	SupervisorBuilder builder() {
		return builder(this.store);
	}

	SupervisorBuilder builder(JobStore jobStore) {
		return Supervisor.builder(jobStore)
			.handlers(this.handlers)
			.clock(this.clock)
			.listener(this.events::add)
			.retryPolicy(RetryPolicy.constant(Duration.ofSeconds(10)))
			.heartbeat(new HeartbeatConfig(LONG))
			.leader(new LeaderConfig(LONG))
			.stager(new StagerConfig(LONG, 100))
			.rescuer(new RescuerConfig(LONG, LONG.multipliedBy(2), 100))
			.pruner(new PrunerConfig(LONG, PrunerConfig.Retention.DEFAULT, 100))
			.shutdownTimeout(Duration.ofSeconds(5));
	}

	Supervisor start(Consumer<SupervisorBuilder> customizer) {
		SupervisorBuilder builder = builder();
		customizer.accept(builder);
		this.supervisor = builder.build();
		this.supervisor.start();
		return this.supervisor;
	}

	Supervisor start(String queue, int concurrency) {
		return start((builder) -> builder.queue(new QueueConfig(queue, concurrency, 100, LONG)));
	}

	Job awaitState(long id, JobState state) {
		return awaitJob(id, (job) -> job.state() == state);
	}

	Job awaitJob(long id, Predicate<Job> condition) {
		return await().atMost(Duration.ofSeconds(10)).until(() -> this.store.find(id).orElseThrow(), condition::test);
	}

	List<JobEvent.Type> eventTypes(long id) {
		return this.events.stream().filter((event) -> event.job().id() == id).map(JobEvent::type).toList();
	}

	@Override
	public void close() {
		if (this.supervisor != null) {
			this.supervisor.stop(Duration.ofSeconds(5));
		}
	}

}
