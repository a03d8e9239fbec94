package dev.jobs.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import dev.jobs.Job;
import dev.jobs.JobContext;
import dev.jobs.JobEvent;
import dev.jobs.JobRequest;
import dev.jobs.JobState;
import dev.jobs.store.DelegatingJobStore;
import dev.jobs.store.FetchParams;
import dev.jobs.store.ListParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Claim-ahead: under a deep backlog of short jobs a producer claims more than its free
 * slots and holds the rest. Claim and run times come from a nanosecond clock that each
 * claim moves on by {@link #CLAIM} (far longer than a gated job waits for its permit) and
 * each long job by ten claims.
 */
class ClaimAheadTest {

	private static final Duration CLAIM = Duration.ofSeconds(10);

	private static final int CONCURRENCY = 2;

	private final EngineHarness harness = new EngineHarness();

	private final AtomicLong offset = new AtomicLong();

	/** When each job's claim came back. */
	private final Map<Long, Long> claimedAt = new ConcurrentHashMap<>();

	/** The limit of every claim, in order. */
	private final List<Integer> claimLimits = new CopyOnWriteArrayList<>();

	/** The jobs every claim took, in order. */
	private final List<Integer> claimSizes = new CopyOnWriteArrayList<>();

	/** Lets one gated job end per permit. */
	private final Semaphore gate = new Semaphore(0);

	private final AtomicInteger running = new AtomicInteger();

	private final AtomicInteger mostRunning = new AtomicInteger();

	private final List<Supervisor> supervisors = new ArrayList<>();

	private int fetchLimit = 100;

	@AfterEach
	void stop() {
		this.gate.release(1_000);
		this.supervisors.forEach((supervisor) -> supervisor.stop(Duration.ofSeconds(5)));
	}

	@Test
	void heldJobsStartAsSlotsFreeNeverMoreThanTheConcurrency() {
		Supervisor supervisor = deepBacklogHeld(50, (builder) -> {
		});

		assertThat(this.claimLimits).anyMatch((limit) -> limit > CONCURRENCY);
		for (int started = CONCURRENCY + 2; started <= 50; started++) {
			this.gate.release();
			int expected = started;
			await().atMost(Duration.ofSeconds(10)).until(() -> startedCount() == expected);
			assertThat(supervisor.heldAhead()).isEqualTo(50 - expected);
		}
		this.gate.release(2);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.harness.store.list(new ListParams(null, JobState.COMPLETED, null, 100)).size() == 50);
		assertThat(this.mostRunning).hasValue(CONCURRENCY);
	}

	@Test
	void underADeepBacklogFullClaimsGrowToEightTimesTheFetchLimit() {
		this.fetchLimit = 10;
		Supervisor supervisor = build((builder) -> {
		});
		supervisor.dispatcher()
			.enqueueAll(IntStream.range(0, 500).mapToObj((i) -> JobRequest.of("gated", Map.of())).toList());
		supervisor.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> startedCount() == CONCURRENCY);
		this.gate.release();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.claimLimits.contains(10 * ClaimAhead.MAX_GROWTH));
		assertThat(this.claimLimits).contains(10, 20).allMatch((limit) -> limit <= 10 * ClaimAhead.MAX_GROWTH);
		assertThat(this.mostRunning).hasValue(CONCURRENCY);
	}

	@Test
	void aBurstThisNodeCommitsIsClaimedInOneClaimNotInClaimsThatGrow() {
		this.fetchLimit = 10;
		Supervisor supervisor = start((builder) -> {
		});
		knowShortRunTimes(supervisor);
		int before = this.claimSizes.size();

		supervisor.dispatcher()
			.enqueueAll(IntStream.range(0, 50).mapToObj((i) -> JobRequest.of("gated", Map.of())).toList());

		await().atMost(Duration.ofSeconds(10))
			.until(() -> startedCount() == 4 + CONCURRENCY && supervisor.heldAhead() == 50 - CONCURRENCY);
		// A claim the producer had already begun (a job's end can wake it) may take the
		// free slots' worth; the claim the burst's wake sends takes the rest at once,
		// where claims that grow from the free slots would take 10, 20, 40...
		List<Integer> sizes = this.claimSizes.subList(before, this.claimSizes.size());
		assertThat(sizes).as("jobs per claim after the burst").anyMatch((size) -> size >= 50 - CONCURRENCY);
		assertThat(this.mostRunning).hasValue(CONCURRENCY);
	}

	@Test
	void aShortClaimStartsAgainFromTheFetchLimit() {
		ClaimAhead ahead = new ClaimAhead(CONCURRENCY, 10);
		for (int claim = 0; claim < 4; claim++) {
			ahead.claimed(true);
		}
		assertThat(ahead.claimLimit()).isEqualTo(80);

		ahead.claimed(false);

		assertThat(ahead.claimLimit()).isEqualTo(10);
	}

	@Test
	void aStopHandsHeldJobsBackAvailableWithTheirAttemptForAnotherNode() {
		Supervisor supervisor = deepBacklogHeld(50, (builder) -> {
		});
		List<Long> held = this.harness.store.list(new ListParams(null, JobState.EXECUTING, null, 100))
			.stream()
			.map(Job::id)
			.filter((id) -> !this.harness.eventTypes(id).contains(JobEvent.Type.STARTED))
			.toList();
		assertThat(held).hasSize(47);

		supervisor.stop(Duration.ofMillis(200));

		for (long id : held) {
			Job job = this.harness.store.find(id).orElseThrow();
			assertThat(job.state()).isEqualTo(JobState.AVAILABLE);
			assertThat(job.attempt()).isZero();
			assertThat(this.harness.eventTypes(id)).doesNotContain(JobEvent.Type.STARTED);
		}
		assertThat(this.harness.store.list(new ListParams(null, JobState.EXECUTING, null, 100))).isEmpty();

		this.gate.release(1_000);
		start((builder) -> builder.nodeId("other"));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.harness.store.list(new ListParams(null, JobState.COMPLETED, null, 100)).size() == 50);
		for (long id : held) {
			assertThat(this.harness.store.find(id).orElseThrow().attempt()).isEqualTo(1);
		}
	}

	@Test
	void aHeldJobsTimeoutCountsFromItsRealStart() throws Exception {
		Duration timeout = Duration.ofSeconds(1);
		CountDownLatch probeStarted = new CountDownLatch(1);
		CountDownLatch probeGo = new CountDownLatch(1);
		AtomicLong probeStartNanos = new AtomicLong();
		this.harness.handlers.register("stuck", Map.class, (args, context) -> new CountDownLatch(1).await());
		this.harness.handlers.register("probe", Map.class, (args, context) -> {
			probeStartNanos.set(System.nanoTime());
			probeStarted.countDown();
			probeGo.await();
		});
		Supervisor supervisor = build((builder) -> builder.executor(new ExecutorConfig(timeout, false)));
		// One gated job per slot to learn the run time, then jobs that hold every slot
		// for
		// a whole timeout while the probe waits, held, behind them.
		List<JobRequest> requests = new ArrayList<>();
		IntStream.range(0, CONCURRENCY).forEach((i) -> requests.add(JobRequest.of("gated", Map.of())));
		IntStream.range(0, CONCURRENCY).forEach((i) -> requests.add(JobRequest.of("stuck", Map.of())));
		requests.add(JobRequest.of("probe", Map.of()));
		List<Job> jobs = supervisor.dispatcher().enqueueAll(requests);
		Job stuck = jobs.get(CONCURRENCY);
		Job probe = jobs.get(jobs.size() - 1);
		supervisor.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> startedCount() == CONCURRENCY);
		this.gate.release(CONCURRENCY);
		await().atMost(Duration.ofSeconds(10)).until(() -> supervisor.holds(probe.id()));

		this.harness.awaitJob(stuck.id(), (job) -> job.state() != JobState.EXECUTING);
		assertThat(probeStarted.await(10, TimeUnit.SECONDS)).isTrue();
		// Held for the stuck job's whole timeout: counted from its claim, the probe's
		// timeout would have passed before it started.
		assertThat(probeStartNanos.get() - this.claimedAt.get(probe.id())).isGreaterThanOrEqualTo(timeout.toNanos());
		probeGo.countDown();
		assertThat(this.harness.awaitJob(probe.id(), (job) -> job.state() != JobState.EXECUTING).state())
			.isEqualTo(JobState.COMPLETED);
		assertThat(this.harness.eventTypes(probe.id())).doesNotContain(JobEvent.Type.RETRIED);
	}

	@Test
	void aCancelRequestReachesAHeldJobAsItStarts() {
		Supervisor supervisor = deepBacklogHeld(10, (builder) -> {
		});
		long next = this.harness.store.list(new ListParams(null, JobState.EXECUTING, null, 100))
			.stream()
			.map(Job::id)
			.filter(supervisor::holds)
			.min(Long::compare)
			.orElseThrow();

		supervisor.dispatcher().cancel(next);
		// One running job ends and the held one starts in its slot, with no permit left.
		this.gate.release();

		assertThat(this.harness.awaitJob(next, (job) -> job.state() != JobState.EXECUTING).state())
			.isEqualTo(JobState.CANCELLED);
	}

	@Test
	void aPauseHandsHeldJobsBack() {
		Supervisor supervisor = deepBacklogHeld(20, (builder) -> {
		});

		supervisor.pause("default");

		assertThat(supervisor.heldAhead()).isZero();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.harness.store.list(new ListParams(null, JobState.AVAILABLE, null, 100)).size() == 17);
		assertThat(this.harness.store.list(new ListParams(null, JobState.AVAILABLE, null, 100)))
			.allSatisfy((job) -> assertThat(job.attempt()).isZero());
	}

	@Test
	void longJobsAreNeverClaimedAhead() {
		this.harness.handlers.register("long", Map.class, (args, context) -> {
			gated(context);
			// A job that runs much longer than a claim takes. Its time passes as it ends:
			// passed as it starts, on its worker thread, it could land inside the next
			// claim's measured duration (the test moves on at the job's STARTED event,
			// before its handler runs) and make that claim look longer than a job.
			this.offset.addAndGet(CLAIM.multipliedBy(10).toNanos());
		});
		Supervisor supervisor = build((builder) -> {
		});
		supervisor.dispatcher()
			.enqueueAll(IntStream.range(0, 50).mapToObj((i) -> JobRequest.of("long", Map.of())).toList());
		supervisor.start();
		for (int ended = 1; ended <= 48; ended++) {
			this.gate.release();
			int expected = ended + CONCURRENCY;
			await().atMost(Duration.ofSeconds(10)).until(() -> startedCount() == expected);
			assertThat(supervisor.heldAhead()).isZero();
		}
		assertThat(this.claimLimits).allMatch((limit) -> limit <= CONCURRENCY);
	}

	@Test
	void aShallowBacklogIsNeverClaimedAhead() {
		Supervisor supervisor = start((builder) -> {
		});
		for (int i = 0; i < 10; i++) {
			// One job at a time: every claim comes back short of what it asked for.
			Job job = supervisor.dispatcher().enqueue("gated", Map.of());
			this.gate.release();
			this.harness.awaitState(job.id(), JobState.COMPLETED);
		}
		assertThat(this.claimLimits).isNotEmpty().allMatch((limit) -> limit <= CONCURRENCY);
	}

	@Test
	void claimAheadTurnedOffClaimsOnlyFreeSlots() {
		Supervisor supervisor = build((builder) -> builder.claimAhead(false));
		supervisor.dispatcher()
			.enqueueAll(IntStream.range(0, 20).mapToObj((i) -> JobRequest.of("gated", Map.of())).toList());
		supervisor.start();
		this.gate.release(1_000);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.harness.store.list(new ListParams(null, JobState.COMPLETED, null, 100)).size() == 20);
		assertThat(this.claimLimits).allMatch((limit) -> limit <= CONCURRENCY);
	}

	/**
	 * A node with {@code count} gated jobs: the first claim fills the slots, one job ends
	 * (the run time is known, the claim was full), and the next claim takes the rest:
	 * {@link #CONCURRENCY} run, the others are held.
	 */
	private Supervisor deepBacklogHeld(int count, Consumer<SupervisorBuilder> customizer) {
		Supervisor supervisor = build(customizer);
		supervisor.dispatcher()
			.enqueueAll(IntStream.range(0, count).mapToObj((i) -> JobRequest.of("gated", Map.of())).toList());
		supervisor.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> startedCount() == CONCURRENCY);
		this.gate.release();
		await().atMost(Duration.ofSeconds(10)).until(() -> supervisor.heldAhead() == count - CONCURRENCY - 1);
		await().atMost(Duration.ofSeconds(10)).until(() -> startedCount() == CONCURRENCY + 1);
		return supervisor;
	}

	/**
	 * Four jobs run and end, so that the producer knows its jobs are short (a job whose
	 * run spans a claim counts that claim's time too, so a single job could look long),
	 * and its last claim came back short.
	 */
	private void knowShortRunTimes(Supervisor supervisor) {
		supervisor.dispatcher()
			.enqueueAll(IntStream.range(0, 4).mapToObj((i) -> JobRequest.of("gated", Map.of())).toList());
		this.gate.release(4);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.harness.store.list(new ListParams(null, JobState.COMPLETED, null, 100)).size() == 4);
	}

	private Supervisor start(Consumer<SupervisorBuilder> customizer) {
		Supervisor supervisor = build(customizer);
		supervisor.start();
		return supervisor;
	}

	private Supervisor build(Consumer<SupervisorBuilder> customizer) {
		if (this.harness.handlers.find("gated").isEmpty()) {
			this.harness.handlers.register("gated", Map.class, (args, context) -> gated(context));
		}
		DelegatingJobStore timed = new DelegatingJobStore(this.harness.store) {
			@Override
			public List<Job> fetch(FetchParams params) {
				ClaimAheadTest.this.claimLimits.add(params.limit());
				ClaimAheadTest.this.offset.addAndGet(CLAIM.toNanos());
				List<Job> jobs = super.fetch(params);
				ClaimAheadTest.this.claimSizes.add(jobs.size());
				long now = System.nanoTime();
				jobs.forEach((job) -> ClaimAheadTest.this.claimedAt.put(job.id(), now));
				return jobs;
			}
		};
		SupervisorBuilder builder = this.harness.builder(timed)
			.queue(new QueueConfig("default", CONCURRENCY, this.fetchLimit, EngineHarness.LONG))
			.nanoTime(() -> System.nanoTime() + this.offset.get());
		customizer.accept(builder);
		Supervisor supervisor = builder.build();
		this.supervisors.add(supervisor);
		return supervisor;
	}

	/** Ends with a permit of the gate, or as cancelled when asked to. */
	private void gated(JobContext context) throws InterruptedException {
		int now = this.running.incrementAndGet();
		this.mostRunning.accumulateAndGet(now, Math::max);
		try {
			while (!this.gate.tryAcquire(5, TimeUnit.MILLISECONDS)) {
				if (context.isCancelled()) {
					throw new IllegalStateException("cancelled");
				}
			}
		}
		finally {
			this.running.decrementAndGet();
		}
	}

	private long startedCount() {
		return this.harness.events.stream().filter((event) -> event.type() == JobEvent.Type.STARTED).count();
	}

}
