package dev.jobs.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.jobs.HandlerRegistry;
import dev.jobs.JacksonArgsCodec;
import dev.jobs.Job;
import dev.jobs.JobRequest;
import dev.jobs.JobsListener;
import dev.jobs.store.ListParams;
import dev.jobs.store.memory.MemoryJobStore;
import dev.jobs.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Recurring jobs: once per tick, on the leader, across leader changes.
 */
class CronSchedulerTest {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:30Z"));

	private final MemoryJobStore store = new MemoryJobStore();

	private final JobClient client = new JobClient(this.store, new HandlerRegistry(), new JacksonArgsCodec(),
			ClientConfig.DEFAULT, this.clock, JobsListener.NONE);

	private final CronEntry report = new CronEntry("report", CronSchedule.every(Duration.ofMinutes(1)),
			JobRequest.of("build_report", Map.of("format", "pdf")).queue("reports"));

	private CronScheduler scheduler(AtomicBoolean leader) {
		return new CronScheduler(CronConfig.DEFAULT, () -> List.of(this.report), this.client, this.store, this.clock,
				leader::get);
	}

	@Test
	void leaderEnqueuesEachTickOnce() {
		CronScheduler scheduler = scheduler(new AtomicBoolean(true));

		// Started at 10:00:30: the 10:00 tick was missed by less than the grace, so
		// it runs now.
		assertThat(scheduler.check()).isEqualTo(1);
		assertThat(scheduler.check()).isZero();
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(scheduler.check()).isEqualTo(1);
		assertThat(scheduler.check()).isZero();
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(scheduler.check()).isEqualTo(1);

		assertThat(jobs()).extracting(Job::uniqueKey)
			.containsExactly(tickKey("10:02:00"), tickKey("10:01:00"), tickKey("10:00:00"));
		assertThat(jobs()).allSatisfy((job) -> {
			assertThat(job.queue()).isEqualTo("reports");
			assertThat(job.args()).isEqualTo("{\"format\":\"pdf\"}");
		});
	}

	@Test
	void followerEnqueuesNothing() {
		CronScheduler scheduler = scheduler(new AtomicBoolean(false));
		this.clock.advance(Duration.ofMinutes(5));

		assertThat(scheduler.check()).isZero();
		assertThat(jobs()).isEmpty();
	}

	@Test
	void checkNowEnqueuesTheDueTicksOnAFollowerOnceEach() {
		AtomicBoolean leads = new AtomicBoolean(false);
		CronScheduler scheduler = scheduler(leads);

		assertThat(scheduler.checkNow()).isEqualTo(1);
		assertThat(scheduler.checkNow()).isZero();
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(scheduler.checkNow()).isEqualTo(1);
		leads.set(true);
		assertThat(scheduler.check()).as("the tick was claimed by the check by hand").isZero();

		assertThat(jobs()).extracting(Job::uniqueKey).containsExactly(tickKey("10:01:00"), tickKey("10:00:00"));
	}

	@Test
	void newLeaderDoesNotEnqueueATickTheOldLeaderAlreadyEnqueued() {
		AtomicBoolean firstLeads = new AtomicBoolean(true);
		AtomicBoolean secondLeads = new AtomicBoolean(false);
		CronScheduler first = scheduler(firstLeads);
		CronScheduler second = scheduler(secondLeads);
		this.clock.advance(Duration.ofSeconds(31));
		assertThat(first.check()).isEqualTo(1);

		firstLeads.set(false);
		secondLeads.set(true);

		assertThat(second.check()).isZero();
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(second.check()).isEqualTo(1);
		assertThat(first.check()).isZero();
		assertThat(jobs()).hasSize(2);
	}

	@Test
	void ticksMissedWithinTheGraceRunOnceAndOlderOnesAreSkipped() {
		CronScheduler scheduler = scheduler(new AtomicBoolean(true));
		scheduler.check();

		this.clock.advance(Duration.ofMinutes(10));

		assertThat(scheduler.check()).isEqualTo(1);
		assertThat(jobs()).extracting(Job::uniqueKey).containsExactly(tickKey("10:10:00"), tickKey("10:00:00"));
	}

	@Test
	void aFailingEntryDoesNotStarveTheOthersAndAFailedClaimIsTriedAgain() {
		java.util.concurrent.atomic.AtomicBoolean storeDown = new java.util.concurrent.atomic.AtomicBoolean(true);
		dev.jobs.store.DelegatingJobStore flaky = new dev.jobs.store.DelegatingJobStore(this.store) {
			@Override
			public boolean recordCronTick(String name, Instant tick) {
				if (name.equals("report") && storeDown.get()) {
					throw new IllegalStateException("connection reset");
				}
				return super.recordCronTick(name, tick);
			}
		};
		CronEntry cleanup = new CronEntry("cleanup", CronSchedule.every(Duration.ofMinutes(1)),
				JobRequest.of("cleanup", null));
		CronScheduler scheduler = new CronScheduler(CronConfig.DEFAULT, () -> List.of(this.report, cleanup),
				this.client, flaky, this.clock, () -> true);

		assertThat(scheduler.check()).isEqualTo(1);
		storeDown.set(false);
		assertThat(scheduler.check()).isEqualTo(1);

		assertThat(jobs()).extracting(Job::kind).containsExactlyInAnyOrder("cleanup", "build_report");
	}

	@Test
	void entriesWithTheSameNameAreRejected() {
		CronScheduler scheduler = new CronScheduler(CronConfig.DEFAULT, () -> List.of(this.report, this.report),
				this.client, this.store, this.clock, () -> true);

		assertThatIllegalStateException().isThrownBy(scheduler::start)
			.withMessageStartingWith("Cron entry 'report' is defined twice");
	}

	private static String tickKey(String time) {
		return "cron:report:" + Instant.parse("2026-01-05T" + time + "Z").toEpochMilli();
	}

	private List<Job> jobs() {
		return this.store.list(new ListParams(null, null, null, 100));
	}

}
