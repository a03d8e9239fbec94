package dev.jobs;

import org.jspecify.annotations.Nullable;

/**
 * What to do once a job of a kind is discarded, its attempts used up or its handler
 * having asked ({@link DiscardJobException}, args that do not bind): alert someone, mark
 * an order as failed. Set per kind with {@link HandlerDefinition#onDiscard}.
 * <p>
 * Called once per discard, on the node that discarded the job, after its outcome was
 * handed to be written, on the thread that ran the attempt (keep it short: the job's slot
 * is held meanwhile). An exception it throws is logged and changes nothing: the job stays
 * discarded. A job discarded by the leader's rescuer (its node died during its last
 * attempt) is reported on the leader.
 *
 * @param <T> the args type of the kind's handler
 */
@FunctionalInterface
public interface DiscardHook<T> {

	/**
	 * A job of the kind was discarded.
	 * @param job the job, as claimed for its last attempt
	 * @param args its args bound to the handler's type, or {@code null} when they do not
	 * bind (the reason it was discarded)
	 * @param error the last error, the one that discarded it
	 * @throws Exception to be logged
	 */
	void discarded(Job job, @Nullable T args, JobError error) throws Exception;

}
