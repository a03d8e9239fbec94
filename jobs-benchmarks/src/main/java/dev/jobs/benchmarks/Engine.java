package dev.jobs.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import dev.jobs.HandlerRegistry;
import dev.jobs.JacksonArgsCodec;
import dev.jobs.JobsListener;
import dev.jobs.engine.ClientConfig;
import dev.jobs.engine.JobClient;
import dev.jobs.engine.QueueConfig;
import dev.jobs.engine.Supervisor;
import dev.jobs.engine.SupervisorBuilder;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;
import dev.jobs.store.JobStore;

/**
 * How the harness sets up the engine: one queue of no-op {@link Probe} jobs, with the
 * engine's default settings (fetch limit 100, completer batches of up to 500, a poll
 * every second), which already suit throughput.
 */
final class Engine {

	static final int INSERT_BATCH = 1_000;

	private static final java.util.concurrent.atomic.AtomicInteger nodes = new java.util.concurrent.atomic.AtomicInteger();

	private Engine() {
	}

	static HandlerRegistry handlers(Workload workload) {
		return new HandlerRegistry().register(Probe.KIND, Probe.class, workload::run);
	}

	/**
	 * A supervisor on the queue, measured by the workload. Not started.
	 * @param target the store
	 * @param workload the counters and the handler
	 * @param concurrency the queue's concurrency
	 * @return the supervisor
	 */
	static Supervisor supervisor(Target target, Workload workload, int concurrency) {
		return supervisor(target, workload, concurrency, UnaryOperator.identity());
	}

	/**
	 * A supervisor on the queue, measured by the workload, with settings of a scenario's
	 * own. Not started.
	 * @param target the store
	 * @param workload the counters and the handler
	 * @param concurrency the queue's concurrency
	 * @param tune the scenario's settings
	 * @return the supervisor
	 */
	static Supervisor supervisor(Target target, Workload workload, int concurrency,
			UnaryOperator<SupervisorBuilder> tune) {
		return supervisor(target, workload, concurrency, tune, handlers(workload));
	}

	/**
	 * A supervisor on the queue with handlers of a scenario's own. Not started.
	 * @param target the store
	 * @param workload the counters
	 * @param concurrency the queue's concurrency
	 * @param tune the scenario's settings
	 * @param handlers the handlers, which must count through the workload
	 * @return the supervisor
	 */
	static Supervisor supervisor(Target target, Workload workload, int concurrency,
			UnaryOperator<SupervisorBuilder> tune, HandlerRegistry handlers) {
		return tune.apply(Supervisor.builder(new MeteredStore(target.store(), workload)))
			.handlers(handlers)
			.queue(new QueueConfig(Probe.QUEUE, concurrency, QueueConfig.DEFAULT_FETCH_LIMIT,
					QueueConfig.DEFAULT_POLL_INTERVAL))
			.client(clientConfig())
			.nodeId("bench-" + nodes.incrementAndGet())
			.shutdownTimeout(Duration.ofSeconds(30))
			.build();
	}

	/**
	 * A dispatcher of another node: its enqueues reach the supervisor only through the
	 * store's notifier (or its poll), as they would across a cluster.
	 * @param store the store
	 * @param workload the handler, so that the kind is known
	 * @return the dispatcher
	 */
	static JobClient client(JobStore store, Workload workload) {
		return new JobClient(store, handlers(workload), new JacksonArgsCodec(), clientConfig(), Clock.systemUTC(),
				JobsListener.NONE);
	}

	/**
	 * Jobs go to the benchmark queue unless a request says otherwise.
	 */
	private static ClientConfig clientConfig() {
		return new ClientConfig(Probe.QUEUE, ClientConfig.DEFAULT_MAX_ATTEMPTS, ClientConfig.DEFAULT_MAX_ARGS_BYTES,
				true);
	}

	/**
	 * Insert untimed jobs straight into the store, in batches.
	 * @param store the store
	 * @param count how many
	 */
	static void fill(JobStore store, int count) {
		for (int done = 0; done < count; done += INSERT_BATCH) {
			Instant now = Instant.now();
			int size = Math.min(INSERT_BATCH, count - done);
			List<JobInsert> batch = new ArrayList<>(size);
			for (int i = 0; i < size; i++) {
				batch.add(JobInsert.of(Probe.QUEUE, Probe.KIND, Probe.UNTIMED_JSON, now));
			}
			store.insert(new InsertParams(batch, now));
		}
	}

}
