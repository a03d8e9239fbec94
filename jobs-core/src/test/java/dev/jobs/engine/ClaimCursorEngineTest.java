package dev.jobs.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import dev.jobs.Job;
import dev.jobs.JobState;
import dev.jobs.store.ClaimPosition;
import dev.jobs.store.DelegatingJobStore;
import dev.jobs.store.FetchParams;
import dev.jobs.store.JobNotifier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A producer on a store that claims after a position. The store here finds nothing after
 * the position, as if every new job had become available before it (an enqueue that
 * committed late, a staged retry, a job handed back), and the producer's nanosecond clock
 * moves only by hand: such a job is claimed from the head once the interval has passed,
 * without another wake, and the queue does not count as drained meanwhile.
 */
class ClaimCursorEngineTest {

	private final EngineHarness harness = new EngineHarness();

	private final AtomicLong nanos = new AtomicLong();

	private final List<Claim> claims = new CopyOnWriteArrayList<>();

	private Supervisor supervisor;

	@AfterEach
	void stop() {
		if (this.supervisor != null) {
			this.supervisor.stop(Duration.ofSeconds(5));
		}
	}

	@Test
	void aJobBeforeThePositionIsClaimedFromTheHeadOnceTheIntervalPassesWithoutAnotherWake() {
		this.harness.handlers.register("work", Map.class, (args, context) -> {
		});
		// The poll interval is an hour: only the owed claim can find the second job.
		start((params) -> (params.after() != null) ? List.of() : this.harness.store.fetch(params));
		Job first = this.supervisor.dispatcher().enqueue("work", Map.of());
		this.harness.awaitState(first.id(), JobState.COMPLETED);

		Job second = this.supervisor.dispatcher().enqueue("work", Map.of());
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.claims.stream().anyMatch((claim) -> claim.after() != null));
		assertThat(this.claims.stream().filter((claim) -> claim.after() != null)).allMatch(
				(claim) -> claim.after().equals(ClaimPosition.of(this.harness.store.find(first.id()).orElseThrow())));
		assertThat(this.supervisor.isDrained()).isFalse();
		this.nanos.addAndGet(ClaimCursor.WHOLE_QUEUE_INTERVAL.toNanos());

		this.harness.awaitState(second.id(), JobState.COMPLETED);
		List<Claim> sinceFirstAfter = this.claims.subList(firstAfter(), this.claims.size());
		assertThat(sinceFirstAfter).contains(new Claim(null, 1));
	}

	@Test
	void aSlotFreedWhileAClaimFromTheHeadIsOwedMakesNoClaimBeforeIt() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		this.harness.handlers.register("work", Map.class, (args, context) -> {
			if (args.containsKey("hold")) {
				release.await();
			}
		});
		List<Long> claimedAt = new CopyOnWriteArrayList<>();
		start((params) -> {
			if (params.after() == null) {
				// A claim from the head that takes 100 ms: the next is owed a second on.
				this.nanos.addAndGet(Duration.ofMillis(100).toNanos());
			}
			List<Job> jobs = this.harness.store.fetch(params);
			claimedAt.add(System.nanoTime());
			return jobs;
		});
		Job first = this.supervisor.dispatcher().enqueue("work", Map.of());
		this.harness.awaitState(first.id(), JobState.COMPLETED);
		Job held = this.supervisor.dispatcher().enqueue("work", Map.of("hold", true));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.claims.stream().anyMatch((claim) -> claim.after() != null && claim.size() == 1));
		int claimsBefore = this.claims.size();

		long released = System.nanoTime();
		release.countDown();
		this.harness.awaitState(held.id(), JobState.COMPLETED);

		// The short claim after the position owes one from the head 900 ms on; the freed
		// slot says nothing about jobs waiting, and claimed at once (an empty claim per
		// job of a thin stream, before this was fixed).
		await().atMost(Duration.ofSeconds(10)).until(() -> this.claims.size() > claimsBefore);
		assertThat(Duration.ofNanos(claimedAt.get(claimsBefore) - released)).isGreaterThan(Duration.ofMillis(300));
	}

	/**
	 * Start a node on a store that claims after a position, whose claims go through
	 * {@code fetch} and are recorded.
	 */
	private void start(Function<FetchParams, List<Job>> fetch) {
		DelegatingJobStore store = new DelegatingJobStore(this.harness.store) {
			@Override
			public boolean claimsAfterPosition() {
				return true;
			}

			// Woken by its own enqueues only: the memory store's notification of the
			// same insert could wake it for a second, empty claim at any moment.
			@Override
			public Optional<JobNotifier> notifier() {
				return Optional.empty();
			}

			@Override
			public List<Job> fetch(FetchParams params) {
				List<Job> jobs = fetch.apply(params);
				ClaimCursorEngineTest.this.claims.add(new Claim(params.after(), jobs.size()));
				return jobs;
			}
		};
		this.supervisor = this.harness.builder(store)
			.queue(new QueueConfig("default", 2, 100, EngineHarness.LONG))
			.nanoTime(this.nanos::get)
			.build();
		this.supervisor.start();
	}

	private int firstAfter() {
		for (int i = 0; i < this.claims.size(); i++) {
			if (this.claims.get(i).after() != null) {
				return i;
			}
		}
		throw new AssertionError("No claim began after a position: " + this.claims);
	}

	private record Claim(@Nullable ClaimPosition after, int size) {
	}

}
