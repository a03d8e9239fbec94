package dev.jobs.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.jobs.Job;
import dev.jobs.JobState;
import dev.jobs.store.Completion;
import dev.jobs.store.DelegatingJobStore;
import dev.jobs.store.FetchParams;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;
import dev.jobs.store.JobStore;
import dev.jobs.store.memory.MemoryJobStore;
import dev.jobs.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Orphans are jobs the store shows executing on this node that the node does not hold; a
 * job whose outcome is written while the releaser looks is not one.
 */
class OrphanReleaserTest {

	private static final Duration GRACE = Duration.ofSeconds(3);

	private final MutableClock clock = new MutableClock();

	private final MemoryJobStore store = new MemoryJobStore();

	private final List<Completion> released = new CopyOnWriteArrayList<>();

	@Test
	void aClaimNobodyHoldsIsHandedBack() {
		Job claimed = claimOne();
		this.clock.advance(GRACE.plusSeconds(1));

		assertThat(releaser(this.store).release()).isOne();

		assertThat(this.released).singleElement()
			.satisfies((completion) -> assertThat(completion.id()).isEqualTo(claimed.id()));
	}

	@Test
	void aJobWhoseOutcomeIsWrittenWhileTheReleaserLooksIsLeftAlone() {
		Job claimed = claimOne();
		this.clock.advance(GRACE.plusSeconds(1));
		// The listing sees the job executing; its outcome is written right after, so
		// that by the check this node no longer holds it.
		DelegatingJobStore racing = new DelegatingJobStore(this.store) {
			@Override
			public Set<Long> executingIds(String nodeId, Instant claimedBefore) {
				Set<Long> listed = super.executingIds(nodeId, claimedBefore);
				if (listed.contains(claimed.id())) {
					OrphanReleaserTest.this.store
						.complete(List.of(Completion.completed(claimed, OrphanReleaserTest.this.clock.instant())));
				}
				return listed;
			}
		};

		assertThat(releaser(racing).release()).isZero();

		assertThat(this.released).isEmpty();
		assertThat(this.store.find(claimed.id()).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
	}

	@Test
	void aClaimYoungerThanTheGraceIsLeftAlone() {
		Job claimed = claimOne();
		this.clock.advance(GRACE.minusMillis(1));

		assertThat(releaser(this.store).release()).isZero();

		assertThat(this.released).isEmpty();
		assertThat(this.store.find(claimed.id()).orElseThrow().state()).isEqualTo(JobState.EXECUTING);
	}

	@Test
	void aJobThisNodeHoldsIsLeftAlone() {
		Job claimed = claimOne();
		this.clock.advance(GRACE.plusSeconds(1));
		OrphanReleaser holding = new OrphanReleaser(this.store, "node", this.clock, GRACE, () -> null,
				(id) -> id == claimed.id(), this.released::add);

		assertThat(holding.release()).isZero();

		assertThat(this.released).isEmpty();
	}

	@Test
	void aClaimStillInFlightWhenTheGracePassedIsLeftAlone() {
		Job claimed = claimOne();
		this.clock.advance(GRACE.plusSeconds(1));
		OrphanReleaser claiming = new OrphanReleaser(this.store, "node", this.clock, GRACE, claimed::attemptedAt,
				(id) -> false, this.released::add);

		assertThat(claiming.release()).isZero();

		assertThat(this.released).isEmpty();
	}

	private Job claimOne() {
		this.store.insert(new InsertParams(List.of(JobInsert.of("default", "work", "{}", this.clock.instant())),
				this.clock.instant()));
		return this.store.fetch(new FetchParams("default", 1, "node", this.clock.instant())).get(0);
	}

	/** A releaser for a node that holds no job. */
	private OrphanReleaser releaser(JobStore jobStore) {
		return new OrphanReleaser(jobStore, "node", this.clock, GRACE, () -> null, (id) -> false, this.released::add);
	}

}
