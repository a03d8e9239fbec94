package dev.jobs.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.jobs.Job;
import dev.jobs.JobEvent;
import dev.jobs.JobRequest;
import dev.jobs.JobState;
import dev.jobs.store.DelegatingJobStore;
import dev.jobs.store.FetchParams;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;
import dev.jobs.store.JobStore;
import dev.jobs.store.ListParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The supervisor and its producers, stager, rescuer, pruner and elector (memory store).
 */
class SupervisorTest {

	private final EngineHarness harness = new EngineHarness();

	@AfterEach
	void stop() {
		this.harness.close();
	}

	@Test
	void jobsRunInPriorityOrderWithinAQueue() {
		List<String> order = new CopyOnWriteArrayList<>();
		this.harness.handlers.register("note", String.class, (name, context) -> order.add(name));
		List<JobRequest> requests = List.of(JobRequest.of("note", "low"), JobRequest.of("note", "high").priority(5),
				JobRequest.of("note", "middle").priority(1), JobRequest.of("note", "low-later"));
		Supervisor supervisor = this.harness.builder()
			.queue(new QueueConfig("default", 1, 1, EngineHarness.LONG))
			.build();
		supervisor.dispatcher().enqueueAll(requests);

		supervisor.start();

		await().untilAsserted(() -> assertThat(order).containsExactly("high", "middle", "low", "low-later"));
		supervisor.stop();
	}

	@Test
	void producerClaimsAtMostItsFreeSlotsInOneFetch() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		this.harness.handlers.register("block", Map.class, (args, context) -> release.await());
		List<Integer> limits = new CopyOnWriteArrayList<>();
		RecordingStore store = new RecordingStore(this.harness.store, limits);
		Supervisor supervisor = this.harness.builder(store)
			.queue(new QueueConfig("default", 3, 100, EngineHarness.LONG))
			.build();
		supervisor.dispatcher()
			.enqueueAll(List.of(JobRequest.of("block", null), JobRequest.of("block", null),
					JobRequest.of("block", null), JobRequest.of("block", null), JobRequest.of("block", null)));

		supervisor.start();

		await().untilAsserted(() -> assertThat(supervisor.queues().get(0).running()).isEqualTo(3));
		assertThat(limits).first().isEqualTo(3);
		assertThat(this.harness.store.list(new ListParams("default", JobState.AVAILABLE, null, 10))).hasSize(2);
		release.countDown();
		await()
			.untilAsserted(() -> assertThat(this.harness.store.list(new ListParams(null, JobState.COMPLETED, null, 10)))
				.hasSize(5));
		supervisor.stop();
	}

	@Test
	void enqueueWakesAnIdleProducerWithoutWaitingForThePoll() {
		CountDownLatch ran = new CountDownLatch(1);
		this.harness.handlers.register("ping", Map.class, (args, context) -> ran.countDown());
		Supervisor supervisor = this.harness.start("default", 1);

		supervisor.dispatcher().enqueue("ping", Map.of());

		// The poll interval is an hour: only the wake-up can have run it.
		await().atMost(Duration.ofSeconds(5)).until(() -> ran.getCount() == 0);
	}

	@Test
	void scheduledJobRunsOnlyOnceStagedAfterItsTime() {
		this.harness.handlers.register("later", Map.class, (args, context) -> {
		});
		Supervisor supervisor = this.harness.start("default", 1);
		Job job = supervisor.dispatcher().enqueue(JobRequest.of("later", Map.of()).delay(Duration.ofMinutes(10)));
		assertThat(job.state()).isEqualTo(JobState.SCHEDULED);

		assertThat(supervisor.stage()).isZero();
		this.harness.clock.advance(Duration.ofMinutes(10));
		assertThat(supervisor.stage()).isEqualTo(1);

		this.harness.awaitState(job.id(), JobState.COMPLETED);
	}

	@Test
	void queuesRunSeparatelyWithTheirOwnConcurrency() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		this.harness.handlers.register("block", Map.class, (args, context) -> release.await());
		Supervisor supervisor = this.harness
			.start((builder) -> builder.queue(new QueueConfig("emails", 2, 100, EngineHarness.LONG))
				.queue(new QueueConfig("images", 1, 100, EngineHarness.LONG)));
		for (int i = 0; i < 4; i++) {
			supervisor.dispatcher().enqueue(JobRequest.of("block", null).queue("emails"));
			supervisor.dispatcher().enqueue(JobRequest.of("block", null).queue("images"));
		}

		await().untilAsserted(() -> assertThat(supervisor.queues())
			.extracting(Supervisor.QueueStatus::name, Supervisor.QueueStatus::running)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("emails", 2),
					org.assertj.core.groups.Tuple.tuple("images", 1)));
		release.countDown();
	}

	@Test
	void pausedQueueKeepsItsJobsUntilResumed() {
		this.harness.handlers.register("ping", Map.class, (args, context) -> {
		});
		Supervisor supervisor = this.harness.start("default", 1);
		supervisor.pause("default");

		Job job = supervisor.dispatcher().enqueue("ping", Map.of());
		supervisor.wake("default");

		assertThat(this.harness.store.pausedQueues()).containsExactly("default");
		assertThat(supervisor.queues().get(0).paused()).isTrue();
		assertThat(this.harness.store.find(job.id()).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);
		supervisor.resume("default");
		this.harness.awaitState(job.id(), JobState.COMPLETED);
	}

	@Test
	void rescuerHandsBackTheJobsOfADeadNodeAndTheyRunAgain() {
		this.harness.handlers.register("ping", Map.class, (args, context) -> {
		});
		Supervisor supervisor = this.harness.start("default", 1);
		Job job = this.harness.store
			.insert(new InsertParams(List.of(JobInsert.of("other", "ping", "{}", this.harness.clock.instant())),
					this.harness.clock.instant()))
			.get(0);
		this.harness.store.heartbeat("dead-node", this.harness.clock.instant());
		this.harness.store.fetch(new FetchParams("other", 1, "dead-node", this.harness.clock.instant()));

		this.harness.clock.advance(EngineHarness.LONG.multipliedBy(2).plusSeconds(1));
		supervisor.heartbeat().beat();
		assertThat(supervisor.rescue()).isEqualTo(1);

		Job rescued = this.harness.store.find(job.id()).orElseThrow();
		assertThat(rescued.state()).isEqualTo(JobState.RETRYABLE);
		assertThat(rescued.errors()).singleElement()
			.satisfies((error) -> assertThat(error.error()).contains("dead-node"));
		assertThat(this.harness.eventTypes(job.id())).containsExactly(JobEvent.Type.RESCUED);
	}

	@Test
	void newLeaderRescuesADeadNodesJobsAtOnceAndStagesThem() {
		this.harness.handlers.register("ping", Map.class, (args, context) -> {
		});
		Supervisor first = this.harness.start("default", 1);
		assertThat(first.isLeader()).isTrue();
		// A standby whose election runs every 100 ms but whose rescuer and stager tick
		// once an hour: only its election can rescue the job in time.
		Supervisor standby = this.harness.builder()
			.queue(new QueueConfig("default", 1, 100, EngineHarness.LONG))
			.leader(new LeaderConfig(Duration.ofMillis(300)))
			.build();
		standby.start();
		try {
			assertThat(standby.isLeader()).isFalse();
			Job job = this.harness.store
				.insert(new InsertParams(List.of(JobInsert.of("other", "ping", "{}", this.harness.clock.instant())),
						this.harness.clock.instant()))
				.get(0);
			this.harness.store.heartbeat("dead-node", this.harness.clock.instant());
			this.harness.store.fetch(new FetchParams("other", 1, "dead-node", this.harness.clock.instant()));

			// The first leader's lease (an hour) runs out and the dead node expires.
			this.harness.clock.advance(EngineHarness.LONG.multipliedBy(2).plusSeconds(1));
			standby.heartbeat().beat();

			await().atMost(Duration.ofSeconds(5)).until(standby::isLeader);
			Job rescued = this.harness.awaitState(job.id(), JobState.AVAILABLE);
			assertThat(rescued.errors()).singleElement()
				.satisfies((error) -> assertThat(error.error()).contains("dead-node"));
		}
		finally {
			standby.stop(Duration.ofSeconds(5));
		}
	}

	@Test
	void rescuerLeavesTheLongJobsOfALiveNodeAlone() throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.harness.handlers.register("long", Map.class, (args, context) -> {
			started.countDown();
			release.await();
		});
		Supervisor supervisor = this.harness.start("default", 1);
		Job job = supervisor.dispatcher().enqueue("long", Map.of());
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

		this.harness.clock.advance(Duration.ofDays(1));
		supervisor.heartbeat().beat();

		assertThat(supervisor.rescue()).isZero();
		assertThat(this.harness.store.find(job.id()).orElseThrow().state()).isEqualTo(JobState.EXECUTING);
		release.countDown();
		this.harness.awaitState(job.id(), JobState.COMPLETED);
	}

	@Test
	void jobWhoseClaimReplyWasLostIsHandedBackByItsOwnLiveNode() {
		AtomicInteger orphanChecks = new AtomicInteger();
		JobStore counted = new DelegatingJobStore(this.harness.store) {

			@Override
			public Set<Long> executingIds(String nodeId, Instant claimedBefore) {
				Set<Long> ids = super.executingIds(nodeId, claimedBefore);
				orphanChecks.incrementAndGet();
				return ids;
			}

		};
		Supervisor supervisor = this.harness.builder(counted)
			.queue(new QueueConfig("default", 1, 100, EngineHarness.LONG))
			.build();
		supervisor.start();
		try {
			// The node's own check runs as it starts, then once a heartbeat interval (an
			// hour here): once it has run, the calls below are the only ones. Run late,
			// after the clock moved, it would release the job before the test could.
			await().atMost(Duration.ofSeconds(10)).until(() -> orphanChecks.get() >= 1);
			Job job = supervisor.dispatcher().enqueue(JobRequest.of("ping", Map.of()).queue("elsewhere"));
			// A claim that committed but whose reply never reached the node.
			this.harness.store
				.fetch(new FetchParams("elsewhere", 1, supervisor.nodeId(), this.harness.clock.instant()));

			assertThat(supervisor.releaseOrphans()).isZero();
			assertThat(this.harness.store.find(job.id()).orElseThrow().state()).isEqualTo(JobState.EXECUTING);
			this.harness.clock.advance(EngineHarness.LONG.plusSeconds(1));
			// While a claim of the node's own is on its way, only claims older than it
			// count: on a loaded machine its producer's first claim may still be.
			await().atMost(Duration.ofSeconds(10)).until(() -> supervisor.releaseOrphans() == 1);

			Job released = this.harness.awaitState(job.id(), JobState.AVAILABLE);
			assertThat(released.attempt()).isZero();
			assertThat(released.errors()).isEmpty();
		}
		finally {
			supervisor.stop();
		}
	}

	@Test
	void prunerDeletesFinishedJobsAfterTheirStatesRetention() {
		this.harness.handlers.register("ping", Map.class, (args, context) -> {
		});
		Supervisor supervisor = this.harness.start("default", 1);
		Job completed = supervisor.dispatcher().enqueue("ping", Map.of());
		this.harness.awaitState(completed.id(), JobState.COMPLETED);
		Job cancelled = supervisor.dispatcher().enqueue(JobRequest.of("ping", null).delay(Duration.ofHours(1)));
		supervisor.dispatcher().cancel(cancelled.id());
		Job waiting = supervisor.dispatcher().enqueue(JobRequest.of("ping", null).delay(Duration.ofDays(30)));

		this.harness.clock.advance(PrunerConfig.Retention.DEFAULT_COMPLETED.plusSeconds(1));
		assertThat(supervisor.prune()).isEqualTo(1);
		assertThat(this.harness.store.find(completed.id())).isEmpty();
		assertThat(this.harness.store.find(cancelled.id())).isPresent();

		this.harness.clock.advance(PrunerConfig.Retention.DEFAULT_CANCELLED);
		assertThat(supervisor.prune()).isEqualTo(1);
		assertThat(this.harness.store.find(cancelled.id())).isEmpty();
		assertThat(this.harness.store.find(waiting.id())).isPresent();
	}

	@Test
	void onlyOneOfTwoNodesLeadsAndTheOtherTakesOverWhenItStops() {
		Supervisor first = this.harness.start("default", 1);
		Supervisor second = this.harness.builder().queue("default", 1).build();
		second.start();
		try {
			assertThat(first.isLeader()).isTrue();
			assertThat(second.isLeader()).isFalse();

			first.stop();

			assertThat(second.elector().elect()).isTrue();
		}
		finally {
			second.stop();
		}
	}

	@Test
	void queuesInStrictOrderFillTheSharedSlotsFromTheFirstQueueFirst() throws Exception {
		List<String> running = new CopyOnWriteArrayList<>();
		CountDownLatch release = new CountDownLatch(1);
		this.harness.handlers.register("block", Map.class, (args, context) -> {
			running.add(context.job().queue());
			release.await();
		});
		Instant now = this.harness.clock.instant();
		// The default jobs were enqueued first: only the queues' order puts high first.
		this.harness.store.insert(new InsertParams(
				List.of(JobInsert.of("default", "block", "{}", now), JobInsert.of("default", "block", "{}", now),
						JobInsert.of("high", "block", "{}", now), JobInsert.of("high", "block", "{}", now)),
				now));
		Supervisor supervisor = this.harness
			.start((builder) -> builder.queue(new QueueConfig("high", 1, 100, EngineHarness.LONG))
				.queue(new QueueConfig("default", 1, 100, EngineHarness.LONG))
				.strictOrder(List.of("high", "default")));

		await().until(() -> running.size() == 2);
		assertThat(running).containsExactly("high", "high");
		assertThat(supervisor.queues())
			.extracting(Supervisor.QueueStatus::name, Supervisor.QueueStatus::concurrency,
					Supervisor.QueueStatus::running)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("high", 2, 2),
					org.assertj.core.groups.Tuple.tuple("default", 2, 0));
		release.countDown();
		await().until(() -> running.size() == 4);
		assertThat(running).containsExactly("high", "high", "default", "default");
	}

	@Test
	void oneShotWorkerClaimsAtMostItsMaxJobsAndFinishesWhenTheyEnded() throws Exception {
		List<Long> ran = new CopyOnWriteArrayList<>();
		this.harness.handlers.register("note", Map.class, (args, context) -> ran.add(context.job().id()));
		Instant now = this.harness.clock.instant();
		List<Job> jobs = this.harness.store.insert(new InsertParams(java.util.stream.IntStream.range(0, 5)
			.mapToObj((i) -> JobInsert.of("default", "note", "{}", now))
			.toList(), now));
		Supervisor supervisor = this.harness
			.start((builder) -> builder.queue(new QueueConfig("default", 2, 100, Duration.ofMillis(20)))
				.runLimit(RunLimit.maxJobs(3)));

		supervisor.finished().get(10, TimeUnit.SECONDS);
		supervisor.stop(Duration.ofSeconds(5));

		assertThat(ran).hasSize(3);
		assertThat(jobs).extracting((job) -> this.harness.store.find(job.id()).orElseThrow().state())
			.containsOnly(JobState.COMPLETED, JobState.AVAILABLE)
			.filteredOn((state) -> state == JobState.COMPLETED)
			.hasSize(3);
	}

	@Test
	void oneShotWorkerFinishesOnceItsQueuesAreEmpty() throws Exception {
		this.harness.handlers.register("note", Map.class, (args, context) -> {
		});
		Instant now = this.harness.clock.instant();
		List<Job> jobs = this.harness.store.insert(new InsertParams(
				List.of(JobInsert.of("default", "note", "{}", now), JobInsert.of("other", "note", "{}", now)), now));
		Supervisor supervisor = this.harness
			.start((builder) -> builder.queue("default", 2).queue("other", 1).runLimit(RunLimit.whenEmpty()));

		supervisor.finished().get(10, TimeUnit.SECONDS);
		supervisor.stop(Duration.ofSeconds(5));

		assertThat(jobs).allSatisfy((job) -> assertThat(this.harness.store.find(job.id()).orElseThrow().state())
			.isEqualTo(JobState.COMPLETED));
	}

	@Test
	void workerWithoutARunLimitNeverFinishes() {
		Supervisor supervisor = this.harness.start("default", 1);
		assertThat(supervisor.finished()).isNotDone();
	}

	@Test
	void strictOrderRunsWhatEarlierQueuesGaveWhenALaterQueuesClaimFails() {
		java.util.concurrent.atomic.AtomicBoolean failOnce = new java.util.concurrent.atomic.AtomicBoolean(true);
		JobStore flaky = new DelegatingJobStore(this.harness.store) {

			@Override
			public List<Job> fetch(FetchParams params) {
				if (params.queue().equals("default") && failOnce.compareAndSet(true, false)) {
					throw new IllegalStateException("connection reset while claiming 'default'");
				}
				return super.fetch(params);
			}

		};
		this.harness.handlers.register("note", Map.class, (args, context) -> {
		});
		Instant now = this.harness.clock.instant();
		Job high = this.harness.store.insert(new InsertParams(List.of(JobInsert.of("high", "note", "{}", now)), now))
			.get(0);
		Supervisor supervisor = this.harness.builder(flaky)
			.queue(new QueueConfig("high", 1, 100, EngineHarness.LONG))
			.queue(new QueueConfig("default", 1, 100, EngineHarness.LONG))
			.strictOrder(List.of("high", "default"))
			.build();
		supervisor.start();
		try {
			this.harness.awaitState(high.id(), JobState.COMPLETED);
			assertThat(failOnce).isFalse();
		}
		finally {
			supervisor.stop();
		}
	}

	@Test
	void strictOrderOfAQueueThatIsNotConfiguredIsRejected() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.harness.builder().queue("high", 1).strictOrder(List.of("high", "default")).build())
			.withMessageContaining("Queue 'default' is in strictOrder [high, default] but not configured");
		assertThatIllegalArgumentException().isThrownBy(() -> this.harness.builder().strictOrder(List.of("high")))
			.withMessageContaining("two or more different queues");
	}

	@Test
	void retryRunsWhenItsBackoffIsDueNotAtTheStagersNextTick() {
		// The harness's stager ticks once an hour: only the due-time wake can run the
		// retry, as soon as the clock reaches its backoff.
		java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
		this.harness.handlers.register(dev.jobs.HandlerDefinition.of("flaky", Map.class, (args, context) -> {
			if (calls.incrementAndGet() == 1) {
				throw new IllegalStateException("once");
			}
		}).retryPolicy(dev.jobs.retry.RetryPolicy.constant(Duration.ofMillis(500))));
		Supervisor supervisor = this.harness.start("default", 1);
		await().until(supervisor::isLeader);
		Job job = supervisor.dispatcher().enqueue("flaky", Map.of());
		Job retryable = this.harness.awaitState(job.id(), JobState.RETRYABLE);

		this.harness.clock.advance(Duration.ofMillis(499));
		assertThat(this.harness.store.find(job.id()).orElseThrow().state()).isEqualTo(JobState.RETRYABLE);
		this.harness.clock.set(retryable.scheduledAt());

		assertThat(this.harness.awaitState(job.id(), JobState.COMPLETED).attempt()).isEqualTo(2);
	}

	@Test
	void scheduledJobEnqueuedHereRunsWhenDueNotAtTheStagersNextTick() {
		this.harness.handlers.register("later", Map.class, (args, context) -> {
		});
		Supervisor supervisor = this.harness.start("default", 1);
		await().until(supervisor::isLeader);
		Job job = supervisor.dispatcher().enqueue(JobRequest.of("later", Map.of()).delay(Duration.ofMillis(300)));

		this.harness.clock.advance(Duration.ofMillis(300));

		this.harness.awaitState(job.id(), JobState.COMPLETED);
	}

	@Test
	void jobsThatNameNoQueueGoToTheConfiguredDefaultQueueAndRunThere() {
		this.harness.handlers.register("ping", Map.class, (args, context) -> {
		});
		this.harness.handlers.register(dev.jobs.HandlerDefinition.of("pong", Map.class, (args, context) -> {
		}).queue("other"));
		Supervisor supervisor = this.harness.start((builder) -> builder
			.client(new ClientConfig("mail", ClientConfig.DEFAULT_MAX_ATTEMPTS, ClientConfig.DEFAULT_MAX_ARGS_BYTES,
					true))
			.queue(new QueueConfig("mail", 1, 100, EngineHarness.LONG))
			.queue(new QueueConfig("other", 1, 100, EngineHarness.LONG)));

		Job byDefault = supervisor.dispatcher().enqueue("ping", Map.of());
		Job byHandler = supervisor.dispatcher().enqueue("pong", Map.of());

		assertThat(byDefault.queue()).isEqualTo("mail");
		assertThat(byHandler.queue()).isEqualTo("other");
		this.harness.awaitState(byDefault.id(), JobState.COMPLETED);
		this.harness.awaitState(byHandler.id(), JobState.COMPLETED);
	}

	@Test
	void supervisorWithoutQueuesIsRejectedNamingTheDefaultQueue() {
		assertThatIllegalStateException()
			.isThrownBy(() -> this.harness.builder()
				.client(new ClientConfig("mail", ClientConfig.DEFAULT_MAX_ATTEMPTS, ClientConfig.DEFAULT_MAX_ARGS_BYTES,
						true))
				.build())
			.withMessageContaining("No queues configured")
			.withMessageContaining("queue(\"mail\", 10)");
	}

	@Test
	void supervisorWithoutQueuesIsRejected() {
		assertThatIllegalStateException().isThrownBy(() -> this.harness.builder().build())
			.withMessageContaining("No queues configured");
	}

	@Test
	void queueConfiguredTwiceIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.harness.builder().queue("default", 1).queue("default", 2))
			.withMessage("Queue 'default' is configured twice");
	}

	@Test
	void stoppedSupervisorCannotBeStartedAgain() {
		Supervisor supervisor = this.harness.builder().queue("default", 1).build();
		supervisor.start();
		supervisor.stop();

		assertThatIllegalStateException().isThrownBy(supervisor::start)
			.withMessageContaining("was stopped and cannot be started again; build a new one");
	}

	@Test
	void startThatCannotReachTheStoreFailsClearlyAndCanBeTriedAgain() {
		java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
		DelegatingJobStore store = new DelegatingJobStore(this.harness.store) {
			@Override
			public void heartbeat(String nodeId, java.time.Instant now) {
				if (down.get()) {
					throw new IllegalStateException("connection refused");
				}
				super.heartbeat(nodeId, now);
			}
		};
		Supervisor supervisor = this.harness.builder(store).queue("default", 1).build();

		org.assertj.core.api.Assertions.assertThatExceptionOfType(dev.jobs.JobsException.class)
			.isThrownBy(supervisor::start)
			.withMessageContaining("Could not register node")
			.withMessageContaining("connection refused");
		down.set(false);
		supervisor.start();
		assertThat(supervisor.isRunning()).isTrue();
		supervisor.stop();
	}

	@Test
	void jobsOfAClaimThatReturnsWhileTheNodeStopsAreHandedBack() throws Exception {
		CountDownLatch claiming = new CountDownLatch(1);
		CountDownLatch proceed = new CountDownLatch(1);
		DelegatingJobStore store = new DelegatingJobStore(this.harness.store) {
			@Override
			public List<Job> fetch(FetchParams params) {
				claiming.countDown();
				try {
					proceed.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return super.fetch(params);
			}
		};
		this.harness.handlers.register("ping", Map.class, (args, context) -> {
		});
		Supervisor supervisor = this.harness.builder(store)
			.queue(new QueueConfig("default", 2, 10, EngineHarness.LONG))
			.build();
		Job job = supervisor.dispatcher().enqueue("ping", Map.of());
		supervisor.start();
		assertThat(claiming.await(10, TimeUnit.SECONDS)).isTrue();

		Thread stopper = new Thread(() -> supervisor.stop(Duration.ofSeconds(10)));
		stopper.start();
		await().until(() -> !supervisor.isRunning());
		proceed.countDown();
		stopper.join();

		Job handedBack = this.harness.store.find(job.id()).orElseThrow();
		assertThat(handedBack.state()).isEqualTo(JobState.AVAILABLE);
		assertThat(handedBack.attempt()).isZero();
	}

	@Test
	void failedClusterSyncDoesNotFailTheHeartbeat() {
		DelegatingJobStore store = new DelegatingJobStore(this.harness.store) {
			@Override
			public java.util.Set<String> pausedQueues() {
				throw new IllegalStateException("statement timeout");
			}
		};
		Supervisor supervisor = this.harness.builder(store).queue("default", 1).build();
		supervisor.start();
		this.harness.clock.advance(Duration.ofMinutes(1));

		supervisor.heartbeat().beat();

		assertThat(this.harness.store.rescue(new dev.jobs.store.RescueParams(this.harness.clock.instant(),
				this.harness.clock.instant().minusSeconds(1), 10)))
			.isEmpty();
		supervisor.stop();
	}

	@Test
	void stopIsIdempotentAndSafeBeforeStart() {
		Supervisor supervisor = this.harness.builder().queue("default", 1).build();
		supervisor.stop();
		supervisor.start();
		supervisor.stop();
		supervisor.stop();
		assertThat(supervisor.isRunning()).isFalse();
	}

	/**
	 * The memory store, recording the limit of every claim.
	 */
	static final class RecordingStore extends DelegatingJobStore {

		private final List<Integer> limits;

		RecordingStore(dev.jobs.store.JobStore delegate, List<Integer> limits) {
			super(delegate);
			this.limits = limits;
		}

		@Override
		public List<Job> fetch(FetchParams params) {
			this.limits.add(params.limit());
			return super.fetch(params);
		}

	}

}
