package dev.jobs.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.jobs.Job;
import dev.jobs.JobState;
import dev.jobs.UniqueStrategy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link JobStore#insert}: states, defaults, exact round trips, bulk order, unique keys.
 */
public interface InsertContract extends JobStoreFixture {

	@Test
	default void everyPriorityButTheOneWithoutANegationIsStoredAndClaimedInOrder() {
		assertThatIllegalArgumentException().isThrownBy(() -> job("lowest", Integer.MIN_VALUE, T0))
			.withMessageContaining("must be at least -Integer.MAX_VALUE");
		insert(job("low", -Integer.MAX_VALUE, T0), job("usual", 0, T0), job("high", Integer.MAX_VALUE, T0));

		assertThat(store().fetch(new FetchParams(QUEUE, 3, NODE, at(1)))).extracting(Job::kind)
			.containsExactly("high", "usual", "low");
	}

	@Test
	default void insertMakesAJobDueAtTheInsertTimeAvailable() {
		Job job = insertOne(scheduled("a", T0));
		assertThat(job.state()).isEqualTo(JobState.AVAILABLE);
		assertThat(reload(job).state()).isEqualTo(JobState.AVAILABLE);
	}

	@Test
	default void insertMakesAJobDueInThePastAvailable() {
		Job job = insertOne(scheduled("a", T0.minusSeconds(60)));
		assertThat(reload(job).state()).isEqualTo(JobState.AVAILABLE);
		assertThat(reload(job).scheduledAt()).isEqualTo(T0.minusSeconds(60));
	}

	@Test
	default void insertMakesAJobDueLaterScheduled() {
		Job job = insertOne(scheduled("a", at(60)));
		assertThat(reload(job).state()).isEqualTo(JobState.SCHEDULED);
		assertThat(reload(job).scheduledAt()).isEqualTo(at(60));
	}

	@Test
	default void insertReturnsTheJobAsStored() {
		Job job = insertOne(job("a"));
		assertThat(reload(job)).isEqualTo(job);
	}

	@Test
	default void insertStoresDefaults() {
		Job job = reload(insertOne(JobInsert.of(QUEUE, "send_email", "{}", T0)));
		assertThat(job.queue()).isEqualTo(QUEUE);
		assertThat(job.kind()).isEqualTo("send_email");
		assertThat(job.priority()).isZero();
		assertThat(job.attempt()).isZero();
		assertThat(job.maxAttempts()).isEqualTo(20);
		assertThat(job.insertedAt()).isEqualTo(T0);
		assertThat(job.scheduledAt()).isEqualTo(T0);
		assertThat(job.attemptedAt()).isNull();
		assertThat(job.attemptedBy()).isNull();
		assertThat(job.finishedAt()).isNull();
		assertThat(job.errors()).isEmpty();
		assertThat(job.uniqueKey()).isNull();
		assertThat(job.timeout()).isNull();
		assertThat(job.cancelRequested()).isFalse();
	}

	@Test
	default void insertStoresEveryOption() {
		JobInsert insert = new JobInsert("emails", "send_email", "{\"to\":\"a@example.com\"}", 7, 3, at(30),
				"welcome:42", UniqueStrategy.IGNORE, Duration.ofMillis(90_500));
		Job job = reload(insertOne(insert));
		assertThat(job.queue()).isEqualTo("emails");
		assertSameJson(job.args(), "{\"to\":\"a@example.com\"}");
		assertThat(job.priority()).isEqualTo(7);
		assertThat(job.maxAttempts()).isEqualTo(3);
		assertThat(job.scheduledAt()).isEqualTo(at(30));
		assertThat(job.uniqueKey()).isEqualTo("welcome:42");
		assertThat(job.timeout()).isEqualTo(Duration.ofMillis(90_500));
	}

	@Test
	default void insertStoresArgsAsTheSameJsonValue() {
		// Args are the codec's snapshot: a store may reformat the text, never the value.
		String args = "{\"name\":\"Zoë 😀 日本語\",\"quote\":\"it's \\\"quoted\\\"\",\"sql\":\"'; drop table jobs; --\","
				+ "\"escapes\":\"tab\\t newline\\n \\u00e9\",\"pattern\":\"%_\\\\ $$ ? :x\","
				+ "\"nested\":{\"list\":[1,2.5,null,true,-7]}}";
		Job job = insertOne(JobInsert.of(QUEUE, "a", args, T0));
		assertSameJson(job.args(), args);
		assertSameJson(reload(job).args(), args);
	}

	@Test
	default void insertStoresSqlMetacharactersVerbatim() {
		// Quotes, comments, JDBC placeholders,
		// PostgreSQL dollar quotes and LIKE wildcards.
		String hostile = "'; drop table jobs; -- \"x\" ? :name $$ %_ \\";
		String args = JSON.writeValueAsString(hostile);
		Job job = insertOne(JobInsert.of(hostile + " q", hostile, args, T0));
		List<Job> claimed = store().fetch(new FetchParams(hostile + " q", 10, NODE, at(1)));
		assertThat(claimed).extracting(Job::id).containsExactly(job.id());
		assertThat(claimed.get(0).kind()).isEqualTo(hostile);
		assertThat(claimed.get(0).queue()).isEqualTo(hostile + " q");
		assertSameJson(claimed.get(0).args(), args);
	}

	@Test
	default void insertKeepsTheOrderOfABulkInsert() {
		List<Job> jobs = insert(job("k0"), scheduled("k1", at(60)), job("other", "k2"), job("k3"), job("k4"));
		assertThat(jobs).extracting(Job::kind).containsExactly("k0", "k1", "k2", "k3", "k4");
		assertThat(jobs).extracting(Job::id).isSorted().doesNotHaveDuplicates();
		assertThat(jobs).allSatisfy((job) -> assertThat(reload(job)).isEqualTo(job));
	}

	@Test
	default void insertOfNoJobsStoresNothing() {
		assertThat(insert()).isEmpty();
		assertThat(store().list(new ListParams(null, null, null, 10))).isEmpty();
	}

	@Test
	default void jobsWithoutAUniqueKeyAreNeverDeduplicated() {
		List<Job> jobs = insert(job("a"), job("a"));
		assertThat(jobs).extracting(Job::id).doesNotHaveDuplicates();
	}

	@Test
	default void uniqueIgnoreReturnsTheHolderInsteadOfInserting() {
		Job holder = insertOne(unique("a", "key", UniqueStrategy.IGNORE, "{\"v\":1}"));
		Job second = insertOne(unique("a", "key", UniqueStrategy.IGNORE, "{\"v\":2}"));
		assertThat(second.id()).isEqualTo(holder.id());
		assertSameJson(second.args(), "{\"v\":1}");
		assertThat(store().list(new ListParams(null, null, null, 10))).hasSize(1);
	}

	@Test
	default void uniqueKeysAreHonouredWithinOneBulkInsert() {
		List<Job> jobs = insert(unique("a", "key", UniqueStrategy.IGNORE, "{\"v\":1}"),
				unique("a", "key", UniqueStrategy.IGNORE, "{\"v\":2}"));
		assertThat(jobs.get(1).id()).isEqualTo(jobs.get(0).id());
		assertThat(store().list(new ListParams(null, null, null, 10))).hasSize(1);
	}

	@Test
	default void uniqueReplaceWithinOneBulkInsertUpdatesTheJobInsertedEarlierInIt() {
		List<Job> jobs = insert(unique("a", "key", UniqueStrategy.IGNORE, "{\"v\":1}"),
				unique("a", "key", UniqueStrategy.IGNORE, "{\"v\":2}"),
				new JobInsert(QUEUE, "a", "{\"v\":3}", 0, 20, at(90), "key", UniqueStrategy.REPLACE, null),
				job("plain"));
		assertThat(jobs.subList(0, 3)).extracting(Job::id).containsOnly(jobs.get(0).id());
		assertSameJson(jobs.get(1).args(), "{\"v\":1}");
		assertSameJson(jobs.get(2).args(), "{\"v\":3}");
		assertThat(jobs.get(2).state()).isEqualTo(JobState.SCHEDULED);
		assertThat(jobs.get(2).scheduledAt()).isEqualTo(at(90));
		assertThat(reload(jobs.get(0))).isEqualTo(jobs.get(2));
		assertThat(jobs.get(3).id()).isNotEqualTo(jobs.get(0).id());
		assertThat(store().list(new ListParams(null, null, null, 10))).hasSize(2);
	}

	@Test
	default void concurrentInsertsOfOneUniqueKeyMakeOneJob() throws Exception {
		int inserters = 6;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(inserters);
		try {
			List<Future<Set<Long>>> inserts = new ArrayList<>();
			for (int i = 0; i < inserters; i++) {
				inserts.add(pool.submit(() -> {
					start.await();
					Set<Long> ids = new HashSet<>();
					for (int n = 0; n < 15; n++) {
						ids.add(insertOne(unique("a", "only-one", UniqueStrategy.IGNORE, "{}")).id());
					}
					return ids;
				}));
			}
			start.countDown();
			Set<Long> ids = new HashSet<>();
			for (Future<Set<Long>> insert : inserts) {
				ids.addAll(insert.get(1, TimeUnit.MINUTES));
			}
			assertThat(ids).hasSize(1);
			assertThat(store().list(new ListParams(null, null, null, 10))).hasSize(1);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	default void uniqueKeysAreHeldAcrossKindsAndQueues() {
		Job holder = insertOne(unique("a", "key", UniqueStrategy.IGNORE, "{}"));
		Job second = insertOne(new JobInsert("other", "b", "{}", 0, 20, T0, "key", UniqueStrategy.IGNORE, null));
		assertThat(second.id()).isEqualTo(holder.id());
		assertThat(second.kind()).isEqualTo("a");
	}

	@Test
	default void uniqueReplaceUpdatesTheWaitingHolder() {
		Job holder = insertOne(
				new JobInsert(QUEUE, "a", "{\"v\":1}", 0, 20, at(60), "key", UniqueStrategy.REPLACE, null));
		Job replaced = insertOne(
				new JobInsert(QUEUE, "a", "{\"v\":2}", 5, 3, at(120), "key", UniqueStrategy.REPLACE, seconds(30)));
		assertThat(replaced.id()).isEqualTo(holder.id());
		assertSameJson(replaced.args(), "{\"v\":2}");
		assertThat(replaced.priority()).isEqualTo(5);
		assertThat(replaced.maxAttempts()).isEqualTo(3);
		assertThat(replaced.scheduledAt()).isEqualTo(at(120));
		assertThat(replaced.timeout()).isEqualTo(seconds(30));
		assertThat(replaced.state()).isEqualTo(JobState.SCHEDULED);
		assertThat(reload(holder)).isEqualTo(replaced);
	}

	@Test
	default void uniqueReplaceMakesTheHolderAvailableWhenTheNewRunAtIsDue() {
		Job holder = insertOne(new JobInsert(QUEUE, "a", "{}", 0, 20, at(60), "key", UniqueStrategy.REPLACE, null));
		insertOne(unique("a", "key", UniqueStrategy.REPLACE, "{}"));
		assertThat(reload(holder).state()).isEqualTo(JobState.AVAILABLE);
		assertThat(fetch(10, at(1))).extracting(Job::id).containsExactly(holder.id());
	}

	@Test
	default void uniqueReplaceLeavesAnExecutingHolderAlone() {
		Job holder = executing(unique("a", "key", UniqueStrategy.REPLACE, "{\"v\":1}"));
		Job second = insertOne(
				new JobInsert(QUEUE, "a", "{\"v\":2}", 5, 3, at(120), "key", UniqueStrategy.REPLACE, seconds(30)));
		assertThat(second.id()).isEqualTo(holder.id());
		assertThat(reload(holder)).isEqualTo(holder);
	}

	@Test
	default void uniqueKeyIsHeldWhileTheHolderIsRetryable() {
		Job holder = insertOne(unique("a", "key", UniqueStrategy.IGNORE, "{}"));
		Job claimed = executing(holder, NODE, at(1));
		store().complete(List.of(Completion.retry(claimed, at(2), at(60), failure(1, at(2)))));
		assertThat(reload(holder).state()).isEqualTo(JobState.RETRYABLE);
		assertThat(insertOne(unique("a", "key", UniqueStrategy.IGNORE, "{}")).id()).isEqualTo(holder.id());
	}

	@Test
	default void uniqueKeyIsFreeAgainOnceTheHolderCompleted() {
		Job holder = executing(unique("a", "key", UniqueStrategy.IGNORE, "{}"));
		store().complete(List.of(Completion.completed(holder, at(2))));
		Job next = insertOne(unique("a", "key", UniqueStrategy.IGNORE, "{}"));
		assertThat(next.id()).isNotEqualTo(holder.id());
		assertThat(next.state()).isEqualTo(JobState.AVAILABLE);
	}

	@Test
	default void uniqueKeyIsFreeAgainOnceTheHolderIsDiscarded() {
		Job holder = executing(unique("a", "key", UniqueStrategy.IGNORE, "{}"));
		store().complete(List.of(Completion.discard(holder, at(2), failure(1, at(2)))));
		assertThat(insertOne(unique("a", "key", UniqueStrategy.IGNORE, "{}")).id()).isNotEqualTo(holder.id());
	}

	@Test
	default void uniqueKeyIsFreeAgainOnceTheHolderIsCancelled() {
		Job holder = insertOne(unique("a", "key", UniqueStrategy.IGNORE, "{}"));
		store().cancel(holder.id(), at(1));
		assertThat(insertOne(unique("a", "key", UniqueStrategy.IGNORE, "{}")).id()).isNotEqualTo(holder.id());
	}

}
