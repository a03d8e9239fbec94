package dev.jobs;

import org.jspecify.annotations.Nullable;

/**
 * A {@link JobWorker} that returns a result: the value is stored as JSON with the
 * completed job, readable through {@link Job#result()} and by the jobs that depend on it
 * ({@link JobContext#dependencyResult}). Register one with
 * {@link HandlerDefinition#returning}.
 *
 * @param <T> the type its args are bound to
 * @param <R> the type of its result: a record, a map, a string, anything the codec writes
 * as JSON
 */
@FunctionalInterface
public interface JobFunction<T, R> extends JobWorker<T> {

	/**
	 * Run one attempt and return its result; throw as a {@link JobWorker} does.
	 * @param args the job's args, bound from JSON
	 * @param context the running job
	 * @return the result, or {@code null} to store none
	 * @throws Exception to fail the attempt
	 */
	@Nullable R apply(T args, JobContext context) throws Exception;

	@Override
	default void work(T args, JobContext context) throws Exception {
		apply(args, context);
	}

	@Override
	default @Nullable Object workForResult(T args, JobContext context) throws Exception {
		return apply(args, context);
	}

}
