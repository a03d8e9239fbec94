package dev.jobs.store;

import java.util.List;

import dev.jobs.Job;
import dev.jobs.JobProgress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What running jobs report: saved in batches, each replacing the job's previous report,
 * and gone with the job.
 */
public interface ProgressContract extends JobStoreFixture {

	@Test
	default void savedProgressIsFoundWithTheJob() {
		Job a = executing("a");
		Job b = insertOne(job("b"));
		store().saveProgress(List.of(new JobProgress(a.id(), 1, 0.25, 1L, 4L, List.of("one", "two"), at(2)),
				new JobProgress(b.id(), 0, 0.5, null, null, List.of(), at(2))));

		assertThat(store().findProgress(a.id()))
			.contains(new JobProgress(a.id(), 1, 0.25, 1L, 4L, List.of("one", "two"), at(2)));
		assertThat(store().findProgress(b.id())).get().satisfies((progress) -> {
			assertThat(progress.fraction()).isEqualTo(0.5);
			assertThat(progress.done()).isNull();
			assertThat(progress.total()).isNull();
			assertThat(progress.log()).isEmpty();
		});
	}

	@Test
	default void aJobThatReportedNothingHasNoProgress() {
		Job job = insertOne(job("a"));
		assertThat(store().findProgress(job.id())).isEmpty();
		assertThat(store().findProgress(job.id() + 1000)).isEmpty();
	}

	@Test
	default void aReportReplacesTheJobsPreviousOne() {
		Job job = executing("a");
		store().saveProgress(List.of(new JobProgress(job.id(), 1, 0.1, null, null, List.of("start"), at(2))));
		store().saveProgress(List.of(new JobProgress(job.id(), 2, null, null, null, List.of("again", "more"), at(3))));
		assertThat(store().findProgress(job.id()))
			.contains(new JobProgress(job.id(), 2, null, null, null, List.of("again", "more"), at(3)));
	}

	@Test
	default void reportsOfJobsThatAreGoneAreDroppedAndTheRestKept() {
		Job job = executing("a");
		store().saveProgress(List.of(new JobProgress(job.id() + 1000, 1, 0.5, null, null, List.of(), at(2)),
				new JobProgress(job.id(), 1, 0.5, null, null, List.of("kept"), at(2))));
		assertThat(store().findProgress(job.id() + 1000)).isEmpty();
		assertThat(store().findProgress(job.id())).get().extracting(JobProgress::log).isEqualTo(List.of("kept"));
	}

	@Test
	default void aPrunedJobTakesItsProgressWithIt() {
		Job job = executing("a");
		store().saveProgress(List.of(new JobProgress(job.id(), 1, 1.0, null, null, List.of("done"), at(2))));
		store().complete(List.of(Completion.completed(job, at(2))));
		assertThat(store().prune(new PruneParams(at(3), T0, T0, T0, 10))).isOne();
		assertThat(store().findProgress(job.id())).isEmpty();
	}

}
