package dev.jobs.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import dev.jobs.Batch;
import dev.jobs.HandlerRegistry;
import dev.jobs.Job;
import dev.jobs.JobRequest;
import dev.jobs.JobState;
import dev.jobs.Workflow;
import dev.jobs.WorkflowStatus;
import dev.jobs.engine.HeartbeatConfig;
import dev.jobs.engine.LeaderConfig;
import dev.jobs.engine.PrunerConfig;
import dev.jobs.engine.QueueConfig;
import dev.jobs.engine.RescuerConfig;
import dev.jobs.engine.StagerConfig;
import dev.jobs.engine.Supervisor;
import dev.jobs.engine.SupervisorBuilder;
import dev.jobs.store.FetchParams;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;
import dev.jobs.store.QueueStats;
import dev.jobs.store.StatsParams;
import dev.jobs.store.memory.MemoryJobStore;
import dev.jobs.testing.BlockingWorker;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several supervisors on one database, each with its own pool, as separate nodes would
 * be: every job runs exactly once, and a dead node's jobs are run by a live one. Each
 * database's subclass names its server.
 */
abstract class AbstractClusterTest {

	private final List<Supervisor> supervisors = new ArrayList<>();

	private final List<JdbcJobStore> stores = new ArrayList<>();

	/** The test database's own data source. */
	abstract DataSource dataSource();

	/** A pool of the test database of its own, as a node has. */
	abstract DataSource newDataSource(int size);

	@BeforeEach
	void emptyTables() {
		StoreTables.empty(dataSource(), node());
	}

	@AfterEach
	void stopNodes() {
		this.supervisors.forEach((supervisor) -> supervisor.stop(Duration.ofSeconds(10)));
		this.stores.forEach(JdbcJobStore::close);
		// Each node's pool holds its connections until closed: close them per test, or
		// a class of several three-node tests runs the shared server out of connections.
		for (JdbcJobStore store : this.stores) {
			if (store.dataSource() instanceof AutoCloseable pool) {
				try {
					pool.close();
				}
				catch (Exception ex) {
					throw new IllegalStateException("Could not close the pool of a test node", ex);
				}
			}
		}
	}

	@Test
	void threeNodesDrainTwentyThousandJobsAndRunEachExactlyOnce() {
		int jobs = 20_000;
		Map<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
		HandlerRegistry handlers = new HandlerRegistry().register("count", Integer.class,
				(n, context) -> runs.computeIfAbsent(n, (key) -> new AtomicInteger()).incrementAndGet());
		List<Supervisor> nodes = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			nodes.add(start(Supervisor.builder(node())
				.nodeId("node-" + i)
				.handlers(handlers)
				.queue(new QueueConfig("default", 16, 16, Duration.ofMillis(200)))));
		}
		List<JobRequest> batch = new ArrayList<>();
		for (int n = 0; n < jobs; n++) {
			batch.add(JobRequest.of("count", n));
			if (batch.size() == 1_000) {
				nodes.get(n % 3).dispatcher().enqueueAll(batch);
				batch.clear();
			}
		}
		await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> completed(this.stores.get(0)) == jobs);
		assertThat(runs).hasSize(jobs);
		assertThat(runs.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
		QueueStats stats = this.stores.get(0).stats(new StatsParams(Instant.EPOCH)).get(0);
		assertThat(stats.count(JobState.EXECUTING) + stats.count(JobState.AVAILABLE) + stats.count(JobState.RETRYABLE))
			.isZero();
	}

	@Test
	void aNodeStoppedWhileItHoldsJobsClaimedAheadHandsThemBackAndAnotherRunsEachOnceOnItsFirstAttempt()
			throws Exception {
		int jobs = 5_000;
		int concurrency = 4;
		Map<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
		AtomicInteger laterAttempts = new AtomicInteger();
		AtomicInteger ran = new AtomicInteger();
		CountDownLatch slotsBlocked = new CountDownLatch(concurrency);
		CountDownLatch unblock = new CountDownLatch(1);
		HandlerRegistry handlers = new HandlerRegistry().register("count", Integer.class, (n, context) -> {
			runs.computeIfAbsent(n, (key) -> new AtomicInteger()).incrementAndGet();
			if (context.attempt() != 1) {
				laterAttempts.incrementAndGet();
			}
			int count = ran.incrementAndGet();
			if (count > 1_000 && count <= 1_000 + concurrency) {
				// Every slot busy midway through: what the node claimed ahead stays held.
				slotsBlocked.countDown();
				unblock.await();
			}
		});
		// Short jobs under a deep backlog, a fetch limit well above the concurrency: the
		// node claims ahead. The rescuer is hours away: only the stop gives jobs back.
		Supervisor first = start(Supervisor.builder(node())
			.nodeId("first")
			.handlers(handlers)
			.queue(new QueueConfig("default", concurrency, 100, Duration.ofMillis(200)))
			.rescuer(new RescuerConfig(RescuerConfig.DEFAULT_INTERVAL, Duration.ofHours(3), 100)));
		List<JobRequest> batch = new ArrayList<>();
		for (int n = 0; n < jobs; n++) {
			batch.add(JobRequest.of("count", n));
			if (batch.size() == 1_000) {
				first.dispatcher().enqueueAll(batch);
				batch.clear();
			}
		}
		assertThat(slotsBlocked.await(1, TimeUnit.MINUTES)).isTrue();
		JdbcJobStore store = this.stores.get(0);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> store.stats(new StatsParams(Instant.EPOCH)).get(0).count(JobState.EXECUTING) > concurrency);

		Thread unblocker = new Thread(() -> {
			// The blocked jobs end only once the stop has begun.
			while (first.isRunning()) {
				Thread.onSpinWait();
			}
			unblock.countDown();
		});
		unblocker.start();
		first.stop(Duration.ofSeconds(10));
		unblocker.join();

		QueueStats stopped = store.stats(new StatsParams(Instant.EPOCH)).get(0);
		assertThat(stopped.count(JobState.EXECUTING)).isZero();
		start(Supervisor.builder(node())
			.nodeId("second")
			.handlers(handlers)
			.queue(new QueueConfig("default", concurrency, 100, Duration.ofMillis(200))));
		await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> completed(store) == jobs);
		assertThat(runs).hasSize(jobs);
		assertThat(runs.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
		assertThat(laterAttempts).hasValue(0);
	}

	@Test
	void threeNodesRunABatchOfFiveThousandAndEachCallbackExactlyOnce() {
		int members = 5_000;
		Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
		HandlerRegistry handlers = counting(runs);
		List<Supervisor> nodes = threeNodes(handlers);
		List<JobRequest> requests = new ArrayList<>();
		for (int n = 0; n < members; n++) {
			requests.add(JobRequest.of("count", "member-" + n));
		}
		nodes.get(0)
			.dispatcher()
			.enqueue(Batch.builder()
				.members(requests)
				.onFinished(JobRequest.of("count", "finished"))
				.onCompleted(JobRequest.of("count", "completed"))
				.build());
		await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> completed(this.stores.get(0)) == members + 2);
		assertThat(runs).hasSize(members + 2);
		assertThat(runs.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
	}

	@Test
	void threeNodesReleaseEachJoinOnceWhenItsLastTwoDependenciesCompleteTogether() {
		int joins = 200;
		Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
		HandlerRegistry handlers = counting(runs);
		List<Supervisor> nodes = threeNodes(handlers);
		for (int n = 0; n < joins; n++) {
			// Two dependencies claimed together by different nodes, completed in the
			// same moment: the join must be released exactly once.
			nodes.get(n % 3)
				.dispatcher()
				.enqueue(Workflow.builder()
					.step("a", JobRequest.of("count", "a-" + n))
					.step("b", JobRequest.of("count", "b-" + n))
					.step("join", JobRequest.of("count", "join-" + n), "a", "b")
					.build());
		}
		await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> completed(this.stores.get(0)) == joins * 3L);
		assertThat(runs).hasSize(joins * 3);
		assertThat(runs.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
		QueueStats stats = this.stores.get(0).stats(new StatsParams(Instant.EPOCH)).get(0);
		assertThat(stats.count(JobState.PENDING)).isZero();
	}

	@Test
	void aJobReleasedByItsLastDependencyStartsWithoutWaitingForAPoll() {
		Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
		// Polls an hour apart: only a wake-up starts the second step within the deadline.
		Supervisor node = start(Supervisor.builder(node())
			.nodeId("node")
			.handlers(counting(runs))
			.queue(new QueueConfig("default", 4, 4, Duration.ofHours(1))));
		WorkflowStatus workflow = node.dispatcher()
			.enqueue(Workflow.builder()
				.step("first", JobRequest.of("count", "first"))
				.step("second", JobRequest.of("count", "second"), "first")
				.build());
		// Only the enqueue wakes the first step: a claim that skipped its row while the
		// new leader's prune or rescue held a lock on it waited an hour (see IdLocks).
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> runs.containsKey("first"));
		AtomicReference<List<Job>> steps = new AtomicReference<>();
		try {
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
				steps.set(this.stores.get(0).workflow(workflow.id()));
				return completed(this.stores.get(0)) == 2;
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("The second step was not woken; the steps as last seen: " + steps.get(), ex);
		}
		assertThat(runs).containsOnlyKeys("first", "second");
	}

	@Test
	void aCancelWrittenToTheStoreStopsTheRunningJobWithoutWaitingForAHeartbeat() throws Exception {
		BlockingWorker blocking = new BlockingWorker();
		HandlerRegistry handlers = new HandlerRegistry().register("block", Object.class, blocking);
		// Heartbeats an hour apart: only the cancel's notification reaches the job.
		JdbcJobStore store = node();
		Supervisor node = start(Supervisor.builder(store)
			.nodeId("node")
			.handlers(handlers)
			.queue(new QueueConfig("default", 2, 2, Duration.ofHours(1)))
			.heartbeat(new HeartbeatConfig(Duration.ofHours(1)))
			.rescuer(new RescuerConfig(RescuerConfig.DEFAULT_INTERVAL, Duration.ofHours(3), 100)));
		Job job = node.dispatcher().enqueue(JobRequest.of("block", "x"));
		assertThat(blocking.awaitStarted(Duration.ofSeconds(30))).isTrue();
		// As the dashboard's bulk cancel does: through the store, not the dispatcher.
		assertThat(store.cancelAll(List.of(job.id()), Instant.now()).changed()).isOne();
		assertThat(blocking.awaitInterrupted(Duration.ofSeconds(30))).as("the running job was told to stop").isTrue();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> store.find(job.id()).orElseThrow().state() == JobState.CANCELLED);
	}

	/**
	 * Handlers of one kind, {@code count}, that count the runs of each name they get.
	 */
	private static HandlerRegistry counting(Map<String, AtomicInteger> runs) {
		return new HandlerRegistry().register("count", String.class,
				(name, context) -> runs.computeIfAbsent(name, (key) -> new AtomicInteger()).incrementAndGet());
	}

	private List<Supervisor> threeNodes(HandlerRegistry handlers) {
		List<Supervisor> nodes = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			nodes.add(start(Supervisor.builder(node())
				.nodeId("node-" + i)
				.handlers(handlers)
				.queue(new QueueConfig("default", 16, 16, Duration.ofMillis(200)))));
		}
		return nodes;
	}

	@Test
	void jobsOfANodeThatStopsHeartbeatingAreRescuedAndRunByAnother() {
		JdbcJobStore store = node();
		List<JobInsert> inserts = new ArrayList<>();
		Instant start = Instant.now();
		for (int i = 0; i < 5; i++) {
			inserts.add(JobInsert.of("default", "work", "{}", start));
		}
		store.insert(new InsertParams(inserts, start));
		// The dead node: it registered, claimed every job, and was never heard of again.
		store.heartbeat("dead-node", start);
		List<Job> claimed = store.fetch(new FetchParams("default", 10, "dead-node", start));
		assertThat(claimed).hasSize(5);

		Map<Long, String> ranOn = new ConcurrentHashMap<>();
		HandlerRegistry handlers = new HandlerRegistry().register("work", Object.class,
				(args, context) -> ranOn.put(context.job().id(), "live-node"));
		Duration beat = Duration.ofMillis(100);
		start(Supervisor.builder(node())
			.nodeId("live-node")
			.handlers(handlers)
			.queue(new QueueConfig("default", 5, 5, Duration.ofMillis(100)))
			.heartbeat(new HeartbeatConfig(beat))
			.leader(new LeaderConfig(Duration.ofSeconds(1)))
			.stager(new StagerConfig(beat, 100))
			.rescuer(new RescuerConfig(beat, Duration.ofSeconds(1), 100))
			.pruner(new PrunerConfig(Duration.ofHours(1), PrunerConfig.Retention.DEFAULT, 100)));

		await().atMost(Duration.ofSeconds(30)).until(() -> completed(store) == 5);
		assertThat(ranOn).hasSize(5);
		for (Job job : claimed) {
			Job done = store.find(job.id()).orElseThrow();
			assertThat(done.attemptedBy()).isEqualTo("live-node");
			assertThat(done.attempt()).isEqualTo(2);
			assertThat(done.errors()).singleElement()
				.satisfies((error) -> assertThat(error.error()).isEqualTo(MemoryJobStore.rescueMessage("dead-node")));
		}
	}

	JdbcJobStore node() {
		JdbcJobStore store = JdbcJobStore.builder(newDataSource(5)).build();
		this.stores.add(store);
		return store;
	}

	Supervisor start(SupervisorBuilder builder) {
		Supervisor supervisor = builder.shutdownTimeout(Duration.ofSeconds(10)).build();
		this.supervisors.add(supervisor);
		supervisor.start();
		return supervisor;
	}

	private static long completed(JdbcJobStore store) {
		return store.stats(new StatsParams(Instant.EPOCH))
			.stream()
			.mapToLong((stats) -> stats.count(JobState.COMPLETED))
			.sum();
	}

}
