package dev.jobs.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.jobs.Job;
import dev.jobs.JobError;
import dev.jobs.UniqueStrategy;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store under test and the small vocabulary the contract tests share. Every time is
 * {@link #T0} moved forward explicitly: stores never read a clock of their own.
 */
public interface JobStoreFixture {

	/**
	 * The base time. Millisecond precision: databases keep microseconds at best.
	 */
	Instant T0 = Instant.parse("2030-01-02T03:04:05.678Z");

	/** Reads args for {@link #assertSameJson}. */
	JsonMapper JSON = JsonMapper.builder().build();

	/** The queue most tests use. */
	String QUEUE = "default";

	/** The node most tests claim as. */
	String NODE = "node-a";

	/**
	 * The store under test, fresh for each test.
	 * @return the store
	 */
	JobStore store();

	/**
	 * Assert that stored args hold the same JSON value as given. A store may normalize
	 * the text (PostgreSQL's {@code jsonb} drops whitespace and orders keys) but must
	 * keep the value.
	 * @param actual the stored args
	 * @param expected the args as inserted
	 */
	default void assertSameJson(String actual, String expected) {
		assertThat(JSON.readTree(actual)).as("args %s", actual).isEqualTo(JSON.readTree(expected));
	}

	default Instant at(long seconds) {
		return T0.plusSeconds(seconds);
	}

	default JobInsert job(String kind) {
		return JobInsert.of(QUEUE, kind, "{}", T0);
	}

	default JobInsert job(String queue, String kind) {
		return JobInsert.of(queue, kind, "{}", T0);
	}

	default JobInsert job(String kind, int priority, Instant scheduledAt) {
		return new JobInsert(QUEUE, kind, "{}", priority, 20, scheduledAt, null, UniqueStrategy.IGNORE, null);
	}

	default JobInsert scheduled(String kind, Instant runAt) {
		return job(kind, 0, runAt);
	}

	default JobInsert withMaxAttempts(String kind, int maxAttempts) {
		return new JobInsert(QUEUE, kind, "{}", 0, maxAttempts, T0, null, UniqueStrategy.IGNORE, null);
	}

	default JobInsert unique(String kind, String key, UniqueStrategy strategy, String args) {
		return new JobInsert(QUEUE, kind, args, 0, 20, T0, key, strategy, null);
	}

	/**
	 * Insert jobs at {@link #T0}.
	 * @param jobs the jobs
	 * @return the stored jobs
	 */
	default List<Job> insert(JobInsert... jobs) {
		return store().insert(new InsertParams(List.of(jobs), T0));
	}

	default Job insertOne(JobInsert job) {
		return insert(job).get(0);
	}

	default List<Job> fetch(int limit, Instant now) {
		return store().fetch(new FetchParams(QUEUE, limit, NODE, now));
	}

	/**
	 * Insert a job and claim it as {@link #NODE} at {@code at(1)}. The job must be the
	 * only one its queue would hand out.
	 * @param insert the job
	 * @return the job, executing
	 */
	default Job executing(JobInsert insert) {
		return executing(insertOne(insert), NODE, at(1));
	}

	default Job executing(String kind) {
		return executing(job(kind));
	}

	default Job executing(Job job, String nodeId, Instant now) {
		List<Job> claimed = store().fetch(new FetchParams(job.queue(), 1, nodeId, now));
		assertThat(claimed).extracting(Job::id).as("the claim of job %d", job.id()).containsExactly(job.id());
		return claimed.get(0);
	}

	/**
	 * Insert a job, claim it and record an outcome.
	 * @param kind the job's kind
	 * @param result the outcome, recorded at {@code at(2)}
	 * @return the job afterwards
	 */
	default Job finished(String kind, Completion.Result result) {
		Job job = executing(kind);
		Instant now = at(2);
		Completion completion = switch (result) {
			case COMPLETED -> Completion.completed(job, now);
			case RETRYABLE -> Completion.retry(job, now, at(60), failure(job.attempt(), now));
			case DISCARDED -> Completion.discard(job, now, failure(job.attempt(), now));
			case CANCELLED -> Completion.cancel(job, now, null);
			case SNOOZED -> Completion.snooze(job, now, at(60));
			case RELEASED -> Completion.release(job, now);
		};
		assertThat(store().complete(List.of(completion))).isOne();
		return reload(job);
	}

	default Job reload(Job job) {
		return store().find(job.id()).orElseThrow(() -> new AssertionError("Job " + job.id() + " is gone"));
	}

	default JobError failure(int attempt, Instant at) {
		return new JobError(attempt, at, "java.lang.IllegalStateException: boom " + attempt,
				"java.lang.IllegalStateException: boom " + attempt + "\n\tat dev.jobs.Handler.run(Handler.java:"
						+ attempt + ")");
	}

	default Duration seconds(long seconds) {
		return Duration.ofSeconds(seconds);
	}

}
