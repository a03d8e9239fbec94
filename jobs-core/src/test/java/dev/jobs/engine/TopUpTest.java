package dev.jobs.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import dev.jobs.Job;
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
 * The top-up wait: under a backlog a producer with a few free slots waits for more before
 * it claims, at most as long as its last claim took. The producer's nanosecond clock
 * stands still except that each claim moves it on by {@link #CLAIM}, so a top-up wait,
 * once begun, lasts until enough slots are free: whether the producer waits is seen
 * without timing anything.
 */
class TopUpTest {

	private static final Duration CLAIM = Duration.ofSeconds(10);

	private static final int CONCURRENCY = 2;

	private final EngineHarness harness = new EngineHarness();

	private final AtomicLong nanos = new AtomicLong();

	private final List<Integer> claimLimits = new CopyOnWriteArrayList<>();

	private final Semaphore gate = new Semaphore(0);

	private final List<Supervisor> supervisors = new ArrayList<>();

	@AfterEach
	void stop() {
		this.gate.release(1_000);
		this.supervisors.forEach((supervisor) -> supervisor.stop(Duration.ofSeconds(5)));
	}

	@Test
	void aJobEnqueuedAfterAShortClaimStartsAtOnceWhileAnotherRuns() throws InterruptedException {
		CountDownLatch secondStarted = new CountDownLatch(1);
		this.harness.handlers.register("second", Map.class, (args, context) -> secondStarted.countDown());
		Supervisor supervisor = start();
		Job first = supervisor.dispatcher().enqueue("gated", Map.of());
		await().atMost(Duration.ofSeconds(10)).until(() -> this.gate.hasQueuedThreads());

		// The last claim came back short (one job of two slots): no backlog, so the
		// new job is claimed at once, not after the running one frees its slot.
		supervisor.dispatcher().enqueue("second", Map.of());

		assertThat(secondStarted.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.harness.store.find(first.id()).orElseThrow().state()).isEqualTo(JobState.EXECUTING);
		this.gate.release();
		this.harness.awaitState(first.id(), JobState.COMPLETED);
	}

	@Test
	void underABacklogAFreedSlotWaitsForAFullClaim() {
		Supervisor supervisor = build();
		supervisor.dispatcher()
			.enqueueAll(IntStream.range(0, 10).mapToObj((i) -> JobRequest.of("gated", Map.of())).toList());
		supervisor.start();
		for (int i = 0; i < 10; i++) {
			this.gate.release();
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.harness.store.list(new ListParams(null, JobState.COMPLETED, null, 100)).size() == 10);

		// Every claim but the last (which finds the queue empty) waited for both slots.
		assertThat(this.claimLimits.subList(0, 5)).containsOnly(CONCURRENCY);
	}

	private Supervisor start() {
		Supervisor supervisor = build();
		supervisor.start();
		return supervisor;
	}

	private Supervisor build() {
		this.harness.handlers.register("gated", Map.class, (args, context) -> this.gate.acquire());
		DelegatingJobStore timed = new DelegatingJobStore(this.harness.store) {
			@Override
			public List<Job> fetch(FetchParams params) {
				TopUpTest.this.claimLimits.add(params.limit());
				TopUpTest.this.nanos.addAndGet(CLAIM.toNanos());
				return super.fetch(params);
			}
		};
		Supervisor supervisor = this.harness.builder(timed)
			.queue(new QueueConfig("default", CONCURRENCY, 100, EngineHarness.LONG))
			// Claim-ahead off: a full claim is the free slots, so waits are easy to see.
			.claimAhead(false)
			.nanoTime(this.nanos::get)
			.build();
		this.supervisors.add(supervisor);
		return supervisor;
	}

}
