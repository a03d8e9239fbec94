package dev.jobs.spring.test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.jobs.ArgsCodec;
import dev.jobs.Job;
import org.assertj.core.api.AssertProvider;

/**
 * The jobs enqueued through the application's {@code JobDispatcher} since the test began,
 * as they were inserted, including those of a transaction that has not committed yet (a
 * {@code @Transactional} test's); the jobs of a transaction that rolled back are
 * forgotten. Assert on them with AssertJ's {@code assertThat(jobs.enqueued())}.
 */
public final class EnqueuedJobs implements AssertProvider<EnqueuedJobsAssert> {

	private final List<Job> jobs = new CopyOnWriteArrayList<>();

	private final ArgsCodec codec;

	EnqueuedJobs(ArgsCodec codec) {
		this.codec = Objects.requireNonNull(codec, "codec must not be null");
	}

	void record(Collection<Job> inserted) {
		this.jobs.addAll(inserted);
	}

	void forget(Collection<Job> rolledBack) {
		this.jobs.removeAll(rolledBack);
	}

	void clear() {
		this.jobs.clear();
	}

	/**
	 * Every job enqueued, in order.
	 * @return the jobs, as inserted
	 */
	public List<Job> all() {
		return List.copyOf(this.jobs);
	}

	/**
	 * The jobs of one kind, in order.
	 * @param kind the kind
	 * @return the jobs, as inserted
	 */
	public List<Job> ofKind(String kind) {
		return this.jobs.stream().filter((job) -> job.kind().equals(kind)).toList();
	}

	/**
	 * The args of the jobs of one kind, bound to a type as a handler would get them.
	 * @param kind the kind
	 * @param argsType the type to bind to
	 * @param <T> the type
	 * @return the args, in enqueue order
	 */
	public <T> List<T> args(String kind, Class<T> argsType) {
		List<T> args = new ArrayList<>();
		for (Job job : ofKind(kind)) {
			args.add(bind(job, argsType));
		}
		return args;
	}

	<T> T bind(Job job, Class<T> argsType) {
		return argsType.cast(this.codec.bind(job.args(), argsType));
	}

	@Override
	public EnqueuedJobsAssert assertThat() {
		return new EnqueuedJobsAssert(this);
	}

}
