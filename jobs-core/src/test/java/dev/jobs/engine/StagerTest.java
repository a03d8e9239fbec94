package dev.jobs.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.jobs.Job;
import dev.jobs.JobState;
import dev.jobs.UniqueStrategy;
import dev.jobs.store.DelegatingJobStore;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;
import dev.jobs.store.StageParams;
import dev.jobs.store.StageResult;
import dev.jobs.store.memory.MemoryJobStore;
import dev.jobs.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stager starts due jobs on time, on a hand-moved clock, and reads the store no more
 * often than once an interval while nothing is due.
 */
class StagerTest {

	private static final Duration INTERVAL = Duration.ofSeconds(1);

	private final MutableClock clock = new MutableClock();

	private final CountingStore store = new CountingStore();

	private final List<String> woken = new CopyOnWriteArrayList<>();

	private final Stager stager = new Stager(new StagerConfig(INTERVAL, 100), this.store, this.clock,
			this.woken::addAll);

	@Test
	void idleLeaderReadsOnceAnIntervalAndNeverStages() {
		for (int tick = 0; tick < 3; tick++) {
			assertThat(this.stager.tick(true)).isEqualTo(INTERVAL);
			this.clock.advance(INTERVAL);
		}
		assertThat(this.store.nextDueCalls).hasValue(3);
		assertThat(this.store.stageCalls).hasValue(0);
	}

	@Test
	void leaderComesBackWhenTheNextJobFallsDueAndStagesItThen() {
		Job job = insert(this.clock.instant().plusMillis(300));

		assertThat(this.stager.tick(true)).isEqualTo(Duration.ofMillis(300));
		assertThat(state(job)).isEqualTo(JobState.SCHEDULED);
		this.clock.advance(Duration.ofMillis(300));
		assertThat(this.stager.tick(true)).isEqualTo(INTERVAL);

		assertThat(state(job)).isEqualTo(JobState.AVAILABLE);
		assertThat(this.woken).containsExactly("default");
	}

	@Test
	void leaderLooksNoFurtherThanAnInterval() {
		insert(this.clock.instant().plusSeconds(5));
		assertThat(this.stager.tick(true)).isEqualTo(INTERVAL);
	}

	@Test
	void jobThisNodeWritesDueBeforeTheNextLookWakesTheLeaderWithoutAReadAndIsStagedWhenDue() {
		assertThat(this.stager.tick(true)).isEqualTo(INTERVAL);
		this.clock.advance(Duration.ofMillis(100));
		Job retry = insert(this.clock.instant().plusMillis(500));

		assertThat(this.stager.dueAt(retry.scheduledAt())).as("wake the stager").isTrue();
		assertThat(this.stager.tick(true)).isEqualTo(Duration.ofMillis(500));
		assertThat(this.store.nextDueCalls).as("a woken stager plans without reading").hasValue(1);
		this.clock.advance(Duration.ofMillis(500));
		this.stager.tick(true);

		assertThat(state(retry)).isEqualTo(JobState.AVAILABLE);
	}

	@Test
	void jobDueAfterTheNextLookNeedsNoWake() {
		assertThat(this.stager.tick(true)).isEqualTo(INTERVAL);
		assertThat(this.stager.dueAt(this.clock.instant().plusMillis(1500))).isFalse();
		assertThat(this.stager.dueAt(this.clock.instant().plusMillis(1000))).isFalse();
		assertThat(this.stager.dueAt(this.clock.instant().plusMillis(999))).isTrue();
	}

	@Test
	void otherNodeStagesOnlyTheJobsItWroteWhenTheyFallDue() {
		Job elsewhere = insert(this.clock.instant().plusMillis(200));
		assertThat(this.stager.tick(false)).isEqualTo(INTERVAL);
		Job own = insert(this.clock.instant().plusMillis(300));
		assertThat(this.stager.dueAt(own.scheduledAt())).isTrue();

		assertThat(this.stager.tick(false)).isEqualTo(Duration.ofMillis(300));
		assertThat(this.store.nextDueCalls).hasValue(0);
		assertThat(this.store.stageCalls).hasValue(0);
		this.clock.advance(Duration.ofMillis(300));
		assertThat(this.stager.tick(false)).isEqualTo(Duration.ofMillis(700));

		assertThat(state(own)).isEqualTo(JobState.AVAILABLE);
		assertThat(state(elsewhere)).as("due too, so the same staging moved it").isEqualTo(JobState.AVAILABLE);
		assertThat(this.store.stageCalls).hasValue(1);
		this.clock.advance(Duration.ofMillis(700));
		assertThat(this.stager.tick(false)).isEqualTo(INTERVAL);
		assertThat(this.store.stageCalls).hasValue(1);
	}

	private Job insert(Instant due) {
		JobInsert insert = new JobInsert("default", "later", "{}", 0, 20, due, null, UniqueStrategy.IGNORE, null);
		return this.store.insert(new InsertParams(List.of(insert), this.clock.instant())).get(0);
	}

	private JobState state(Job job) {
		return this.store.find(job.id()).orElseThrow().state();
	}

	static final class CountingStore extends DelegatingJobStore {

		final AtomicInteger nextDueCalls = new AtomicInteger();

		final AtomicInteger stageCalls = new AtomicInteger();

		CountingStore() {
			super(new MemoryJobStore());
		}

		@Override
		public Optional<Instant> nextDue(Instant before) {
			this.nextDueCalls.incrementAndGet();
			return super.nextDue(before);
		}

		@Override
		public StageResult stage(StageParams params) {
			this.stageCalls.incrementAndGet();
			return super.stage(params);
		}

	}

}
