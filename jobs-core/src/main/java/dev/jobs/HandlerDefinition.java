package dev.jobs;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Objects;

import dev.jobs.internal.Require;
import dev.jobs.retry.RetryPolicy;
import org.jspecify.annotations.Nullable;

/**
 * A handler registered for a kind of job, with the defaults that jobs of that kind take.
 *
 * @param kind the kind it runs
 * @param argsType the type the JSON args bind to: a record or POJO class, a generic type
 * ({@code List<Item>}), a {@code Map}, a JSON tree ({@code JsonNode}) or {@code String}
 * @param worker the code
 * @param queue the kind's default queue; {@code null} for the dispatcher's default
 * @param priority the kind's default priority (higher runs first within a queue), any
 * {@code int} but {@link Integer#MIN_VALUE}; {@code null} for 0
 * @param maxAttempts the kind's attempt limit; {@code null} for the dispatcher's default
 * @param timeout the kind's attempt timeout; {@code null} for the executor's default
 * @param retryPolicy the kind's backoff; {@code null} for the supervisor's default
 * @param onDiscard called once a job of the kind is discarded; {@code null} for nothing
 */
public record HandlerDefinition(String kind, Type argsType, JobWorker<?> worker, @Nullable String queue,
		@Nullable Integer priority, @Nullable Integer maxAttempts, @Nullable Duration timeout,
		@Nullable RetryPolicy retryPolicy, @Nullable DiscardHook<?> onDiscard) {

	public HandlerDefinition {
		Require.name(kind, "kind");
		Objects.requireNonNull(argsType, () -> "argsType of handler '" + kind + "' must not be null");
		Objects.requireNonNull(worker, () -> "worker of handler '" + kind + "' must not be null");
		if (queue != null) {
			Require.name(queue, "queue");
		}
		if (priority != null) {
			Require.priority(priority, "priority of handler '" + kind + "'");
		}
		if (maxAttempts != null && maxAttempts < 1) {
			throw new IllegalArgumentException(
					"maxAttempts of handler '" + kind + "' must be at least 1, but was " + maxAttempts);
		}
		if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
			throw new IllegalArgumentException(
					"timeout of handler '" + kind + "' must be positive, but was " + timeout);
		}
	}

	/**
	 * A handler with no defaults of its own.
	 * @param <T> the args type
	 * @param kind the kind it runs
	 * @param argsType the class the args are bound to
	 * @param worker the code
	 * @return the definition
	 */
	public static <T> HandlerDefinition of(String kind, Class<T> argsType, JobWorker<? super T> worker) {
		return new HandlerDefinition(kind, argsType, worker, null, null, null, null, null, null);
	}

	/**
	 * A handler whose return value is stored with its completed job.
	 * @param <T> the args type
	 * @param kind the kind it runs
	 * @param argsType the class the args are bound to
	 * @param function the code, returning the job's result
	 * @return the definition
	 */
	public static <T> HandlerDefinition returning(String kind, Class<T> argsType, JobFunction<? super T, ?> function) {
		return new HandlerDefinition(kind, argsType, function, null, null, null, null, null, null);
	}

	public HandlerDefinition queue(String queue) {
		return new HandlerDefinition(this.kind, this.argsType, this.worker, queue, this.priority, this.maxAttempts,
				this.timeout, this.retryPolicy, this.onDiscard);
	}

	/**
	 * Set the kind's default priority; a request's own priority wins.
	 * @param priority higher runs first within a queue; any {@code int} but
	 * {@link Integer#MIN_VALUE}
	 * @return a copy with the priority
	 */
	public HandlerDefinition priority(int priority) {
		return new HandlerDefinition(this.kind, this.argsType, this.worker, this.queue, priority, this.maxAttempts,
				this.timeout, this.retryPolicy, this.onDiscard);
	}

	public HandlerDefinition maxAttempts(int maxAttempts) {
		return new HandlerDefinition(this.kind, this.argsType, this.worker, this.queue, this.priority, maxAttempts,
				this.timeout, this.retryPolicy, this.onDiscard);
	}

	public HandlerDefinition timeout(Duration timeout) {
		return new HandlerDefinition(this.kind, this.argsType, this.worker, this.queue, this.priority, this.maxAttempts,
				timeout, this.retryPolicy, this.onDiscard);
	}

	public HandlerDefinition retryPolicy(RetryPolicy retryPolicy) {
		return new HandlerDefinition(this.kind, this.argsType, this.worker, this.queue, this.priority, this.maxAttempts,
				this.timeout, retryPolicy, this.onDiscard);
	}

	/**
	 * Set what to do once a job of this kind is discarded.
	 * @param <T> the args type, that of the kind's handler
	 * @param onDiscard called once per discarded job, on the node that discarded it
	 * @return a copy with the hook
	 */
	public <T> HandlerDefinition onDiscard(DiscardHook<T> onDiscard) {
		return new HandlerDefinition(this.kind, this.argsType, this.worker, this.queue, this.priority, this.maxAttempts,
				this.timeout, this.retryPolicy, Objects.requireNonNull(onDiscard, "onDiscard must not be null"));
	}

}
