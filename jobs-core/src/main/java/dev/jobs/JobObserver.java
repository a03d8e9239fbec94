package dev.jobs;

import java.util.List;
import java.util.Map;

import dev.jobs.store.JobInsert;
import org.jspecify.annotations.Nullable;

/**
 * Watches enqueues and attempts, for tracing: the engine calls it around each enqueue (on
 * the caller's thread) and around each attempt (on the handler's thread). The engine
 * stays free of any tracing library; {@code dev.jobs.observation.ObservationJobObserver}
 * bridges to Micrometer Observation, and the Spring Boot starter sets it up when the
 * application has an {@code ObservationRegistry}. {@link #NONE}, the default, costs
 * nothing.
 */
public interface JobObserver {

	/** Observes nothing. */
	JobObserver NONE = new JobObserver() {
	};

	/**
	 * An enqueue is about to insert jobs.
	 * @param jobs the jobs, options resolved
	 * @return the enqueue's observation, to stop once the insert returned or failed
	 */
	default Enqueue enqueue(List<JobInsert> jobs) {
		return Enqueue.NONE;
	}

	/**
	 * An attempt starts on the calling thread, which runs the handler.
	 * @param job the claimed job
	 * @return the attempt's observation
	 */
	default Attempt attempt(Job job) {
		return Attempt.NONE;
	}

	/**
	 * One enqueue call.
	 */
	interface Enqueue {

		/** Observes nothing. */
		Enqueue NONE = new Enqueue() {
		};

		/**
		 * What to store with each job of the call, such as the trace context as a W3C
		 * {@code traceparent}, so that its attempts continue the enqueuing trace on any
		 * node, after any restart.
		 * @return the entries, empty for none
		 */
		default Map<String, String> meta() {
			return Map.of();
		}

		/**
		 * The insert returned or failed.
		 * @param jobs the stored jobs, empty on failure
		 * @param error what failed, or {@code null}
		 */
		default void stop(List<Job> jobs, @Nullable Throwable error) {
		}

	}

	/**
	 * One attempt of one job.
	 */
	interface Attempt {

		/** Observes nothing. */
		Attempt NONE = new Attempt() {
		};

		/**
		 * The attempt's outcome is decided. Called once, on the handler's thread, or on
		 * another one when the attempt timed out or the node stopped while the handler
		 * still runs.
		 * @param outcome the event the attempt ends with: {@code COMPLETED},
		 * {@code RETRIED}, {@code DISCARDED}, {@code CANCELLED}, {@code SNOOZED} or
		 * {@code RELEASED}
		 * @param error the failure, or {@code null}
		 */
		default void outcome(JobEvent.Type outcome, @Nullable Throwable error) {
		}

		/**
		 * The handler's thread is done with the job; called on that thread, last.
		 */
		default void close() {
		}

	}

}
