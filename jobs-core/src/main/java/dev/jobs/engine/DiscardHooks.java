package dev.jobs.engine;

import java.util.List;
import java.util.Objects;

import dev.jobs.ArgsCodec;
import dev.jobs.DiscardHook;
import dev.jobs.HandlerDefinition;
import dev.jobs.HandlerRegistry;
import dev.jobs.Job;
import dev.jobs.JobError;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a kind's {@link DiscardHook} once one of its jobs is discarded on this node; a
 * hook that throws is logged and changes nothing.
 */
final class DiscardHooks {

	// Logged under the executor's name, the one users set levels for.
	private static final Logger logger = LoggerFactory.getLogger(JobExecutor.class);

	private final HandlerRegistry handlers;

	private final ArgsCodec codec;

	DiscardHooks(HandlerRegistry handlers, ArgsCodec codec) {
		this.handlers = Objects.requireNonNull(handlers, "handlers must not be null");
		this.codec = Objects.requireNonNull(codec, "codec must not be null");
	}

	/**
	 * A job was discarded by its attempt on this node.
	 * @param job the job as claimed
	 * @param args its bound args, or {@code null} if they did not bind
	 * @param error the error that discarded it
	 */
	void discarded(Job job, @Nullable Object args, JobError error) {
		DiscardHook<?> hook = hookOf(job);
		if (hook != null) {
			run(hook, job, args, error);
		}
	}

	/**
	 * A job was discarded by the rescuer (its node died during its last attempt): its
	 * args are bound here, and its last error is the rescuer's.
	 * @param job the job as discarded
	 */
	void rescued(Job job) {
		DiscardHook<?> hook = hookOf(job);
		List<JobError> errors = job.errors();
		if (hook == null || errors.isEmpty()) {
			return;
		}
		Object args;
		try {
			args = this.codec.bind(job.args(), this.handlers.find(job.kind()).orElseThrow().argsType());
		}
		catch (RuntimeException ex) {
			args = null;
		}
		run(hook, job, args, errors.get(errors.size() - 1));
	}

	private @Nullable DiscardHook<?> hookOf(Job job) {
		return this.handlers.find(job.kind()).map(HandlerDefinition::onDiscard).orElse(null);
	}

	@SuppressWarnings("unchecked")
	private static void run(DiscardHook<?> hook, Job job, @Nullable Object args, JobError error) {
		try {
			((DiscardHook<Object>) hook).discarded(job, args, error);
		}
		catch (Throwable ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			logger.warn("Discard hook of job kind={} id={} failed; the job stays discarded", job.kind(), job.id(), ex);
		}
	}

}
