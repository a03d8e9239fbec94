package dev.jobs.observation;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.jobs.Job;
import dev.jobs.JobEvent;
import dev.jobs.JobObserver;
import dev.jobs.store.JobInsert;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer Observation of enqueues and attempts. Each enqueue call is a
 * {@code jobs.enqueue} observation in the caller's context; a tracing handler writes its
 * context into the jobs' meta ({@code traceparent}), which the store keeps with each job.
 * Each attempt is a {@code jobs.execute} observation, opened on the handler's thread (so
 * the handler's own spans and log lines belong to it), whose tracing handler continues
 * the stored trace: one trace from the request that enqueued a job to each of its
 * attempts, a retry being a new span of the same trace. Custom conventions replace the
 * names and key values.
 * <p>
 * <pre class="code">
 * Supervisor.builder(store).observer(new ObservationJobObserver(observationRegistry))...
 * </pre>
 */
public final class ObservationJobObserver implements JobObserver {

	private static final JobEnqueueObservationConvention DEFAULT_ENQUEUE = new DefaultJobEnqueueObservationConvention();

	private static final JobExecuteObservationConvention DEFAULT_EXECUTE = new DefaultJobExecuteObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable JobEnqueueObservationConvention enqueueConvention;

	private final @Nullable JobExecuteObservationConvention executeConvention;

	/**
	 * An observer with the default conventions.
	 * @param registry the registry
	 */
	public ObservationJobObserver(ObservationRegistry registry) {
		this(registry, null, null);
	}

	/**
	 * An observer with custom conventions.
	 * @param registry the registry
	 * @param enqueueConvention replaces the default enqueue convention, or {@code null}
	 * @param executeConvention replaces the default attempt convention, or {@code null}
	 */
	public ObservationJobObserver(ObservationRegistry registry,
			@Nullable JobEnqueueObservationConvention enqueueConvention,
			@Nullable JobExecuteObservationConvention executeConvention) {
		this.registry = Objects.requireNonNull(registry, "registry must not be null");
		this.enqueueConvention = enqueueConvention;
		this.executeConvention = executeConvention;
	}

	@Override
	public Enqueue enqueue(List<JobInsert> jobs) {
		if (this.registry.isNoop()) {
			return Enqueue.NONE;
		}
		JobEnqueueContext context = new JobEnqueueContext(jobs);
		Observation observation = JobsObservationDocumentation.ENQUEUE
			.observation(this.enqueueConvention, DEFAULT_ENQUEUE, () -> context, this.registry)
			.start();
		Observation.Scope scope = observation.openScope();
		return new Enqueue() {

			@Override
			public Map<String, String> meta() {
				return context.getCarrier();
			}

			@Override
			public void stop(List<Job> stored, @Nullable Throwable error) {
				context.setStored(stored);
				if (error != null) {
					observation.error(error);
				}
				scope.close();
				observation.stop();
			}

		};
	}

	@Override
	public Attempt attempt(Job job) {
		if (this.registry.isNoop()) {
			return Attempt.NONE;
		}
		JobExecuteContext context = new JobExecuteContext(job);
		Observation observation = JobsObservationDocumentation.EXECUTE
			.observation(this.executeConvention, DEFAULT_EXECUTE, () -> context, this.registry)
			.start();
		return new ObservedAttempt(context, observation, observation.openScope(), Thread.currentThread());
	}

	/**
	 * An attempt's observation. Its scope belongs to the handler's thread and closes
	 * there; the observation stops after the scope closes, or at once when the outcome is
	 * decided elsewhere (a timeout) while the handler may run on for long.
	 */
	private static final class ObservedAttempt implements Attempt {

		private final JobExecuteContext context;

		private final Observation observation;

		private final Observation.Scope scope;

		private final Thread handlerThread;

		private volatile boolean stopped;

		ObservedAttempt(JobExecuteContext context, Observation observation, Observation.Scope scope,
				Thread handlerThread) {
			this.context = context;
			this.observation = observation;
			this.scope = scope;
			this.handlerThread = handlerThread;
		}

		@Override
		public void outcome(JobEvent.Type outcome, @Nullable Throwable error) {
			this.context.setOutcome(outcome);
			if (error != null) {
				this.observation.error(error);
			}
			if (Thread.currentThread() != this.handlerThread) {
				stopOnce();
			}
		}

		@Override
		public void close() {
			this.scope.close();
			stopOnce();
		}

		private synchronized void stopOnce() {
			if (!this.stopped) {
				this.stopped = true;
				this.observation.stop();
			}
		}

	}

}
