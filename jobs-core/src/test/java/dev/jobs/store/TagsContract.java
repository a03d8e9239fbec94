package dev.jobs.store;

import java.util.List;
import java.util.Map;

import dev.jobs.Job;
import dev.jobs.JobState;
import dev.jobs.UniqueStrategy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tags and meta: stored with the job on every insert path, returned wherever the job is,
 * and tags filter the listing.
 */
public interface TagsContract extends JobStoreFixture {

	default JobInsert tagged(String kind, String... tags) {
		return new JobInsert(QUEUE, kind, "{}", 0, 20, T0, null, UniqueStrategy.IGNORE, null, Dependencies.NONE, null,
				null, List.of(tags), Map.of());
	}

	default JobInsert traced(String kind, String traceparent) {
		return job(kind).withMeta(Map.of("traceparent", traceparent));
	}

	@Test
	default void insertStoresTagsAndMetaWithOneJob() {
		Job job = insertOne(tagged("a", "tenant:42", "import").withMeta(Map.of("traceparent", "00-abc-def-01")));
		assertThat(job.tags()).containsExactly("tenant:42", "import");
		assertThat(job.meta()).containsExactly(Map.entry("traceparent", "00-abc-def-01"));
		assertThat(reload(job).tags()).containsExactly("tenant:42", "import");
		assertThat(reload(job).meta()).containsExactly(Map.entry("traceparent", "00-abc-def-01"));
	}

	@Test
	default void insertStoresTagsAndMetaOfABatchMixedWithPlainJobs() {
		List<Job> jobs = insert(tagged("a", "x"), job("b"), traced("c", "00-1-2-01"), tagged("d", "x", "y"));
		assertThat(jobs).extracting(Job::kind).containsExactly("a", "b", "c", "d");
		assertThat(jobs).extracting(Job::tags).containsExactly(List.of("x"), List.of(), List.of(), List.of("x", "y"));
		assertThat(jobs.get(2).meta()).containsEntry("traceparent", "00-1-2-01");
		assertThat(jobs).map(this::reload)
			.extracting(Job::tags)
			.containsExactly(List.of("x"), List.of(), List.of(), List.of("x", "y"));
		assertThat(reload(jobs.get(1)).meta()).isEmpty();
	}

	@Test
	default void aJobWithoutTagsHasNone() {
		Job job = insertOne(job("a"));
		assertThat(job.tags()).isEmpty();
		assertThat(job.meta()).isEmpty();
		assertThat(reload(job).tags()).isEmpty();
		assertThat(reload(job).meta()).isEmpty();
	}

	@Test
	default void aUniqueJobKeepsTheTagsItWasEnqueuedWith() {
		JobInsert first = new JobInsert(QUEUE, "a", "{}", 0, 20, T0, "key", UniqueStrategy.IGNORE, null,
				Dependencies.NONE, null, null, List.of("first"), Map.of());
		JobInsert second = new JobInsert(QUEUE, "a", "{}", 0, 20, T0, "key", UniqueStrategy.IGNORE, null,
				Dependencies.NONE, null, null, List.of("second"), Map.of("traceparent", "00-x-y-01"));
		List<Job> jobs = insert(first, second);
		assertThat(jobs.get(1).id()).isEqualTo(jobs.get(0).id());
		assertThat(jobs).extracting(Job::tags).containsOnly(List.of("first"));
		Job again = insertOne(second);
		assertThat(again.id()).isEqualTo(jobs.get(0).id());
		assertThat(again.tags()).containsExactly("first");
		assertThat(again.meta()).isEmpty();
		assertThat(store().list(new ListParams(null, null, null, 10).withTag("second"))).isEmpty();
	}

	@Test
	default void claimedJobsCarryTheirTagsAndMeta() {
		insert(tagged("a", "t").withMeta(Map.of("traceparent", "00-1-2-01")));
		List<Job> claimed = fetch(10, at(1));
		assertThat(claimed).singleElement().satisfies((job) -> {
			assertThat(job.tags()).containsExactly("t");
			assertThat(job.meta()).containsEntry("traceparent", "00-1-2-01");
		});
	}

	@Test
	default void listFiltersByTag() {
		insert(tagged("a", "tenant:1"), tagged("b", "tenant:2"), job("c"), tagged("d", "tenant:1", "big"),
				tagged("e", "tenant:10"));
		assertThat(store().list(new ListParams(null, null, null, 10).withTag("tenant:1"))).extracting(Job::kind)
			.containsExactly("d", "a");
		assertThat(store().list(new ListParams(null, null, null, 10).withTag("big"))).extracting(Job::kind)
			.containsExactly("d");
		assertThat(store().list(new ListParams(null, null, null, 10).withTag("tenant"))).isEmpty();
	}

	@Test
	default void listFiltersByTagStateAndPage() {
		List<Job> jobs = insert(tagged("a", "t"), tagged("b", "t"), tagged("c", "t"), tagged("d", "u"),
				new JobInsert(QUEUE, "e", "{}", 0, 20, at(60), null, UniqueStrategy.IGNORE, null, Dependencies.NONE,
						null, null, List.of("t"), Map.of()));
		ListParams available = new ListParams(null, JobState.AVAILABLE, null, 2).withTag("t");
		List<Job> first = store().list(available);
		assertThat(first).extracting(Job::kind).containsExactly("c", "b");
		assertThat(store().list(new ListParams(null, JobState.AVAILABLE, first.get(1).id(), 2).withTag("t")))
			.extracting(Job::kind)
			.containsExactly("a");
		assertThat(jobs).hasSize(5);
	}

	@Test
	default void prunedAndDeletedJobsTakeTheirTagsWithThem() {
		Job done = executing(tagged("a", "t"));
		store().complete(List.of(Completion.completed(done, at(2))));
		insert(tagged("b", "t"));
		assertThat(store().prune(new PruneParams(at(3), T0, T0, T0, 10))).isOne();
		assertThat(store().deleteWaiting(QUEUE, at(9))).isOne();
		assertThat(store().list(new ListParams(null, null, null, 10).withTag("t"))).isEmpty();
	}

}
