package dev.jobs.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.jobs.ArgsCodec;
import dev.jobs.HandlerDefinition;
import dev.jobs.HandlerRegistry;
import dev.jobs.Job;
import dev.jobs.JobDispatcher;
import dev.jobs.JobEvent;
import dev.jobs.JobRequest;
import dev.jobs.JobState;
import dev.jobs.JobsListener;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;
import dev.jobs.store.JobStore;
import org.jspecify.annotations.Nullable;

/**
 * The {@link JobDispatcher}: resolves each request's options (request, then handler, then
 * defaults), serializes its args once, and inserts in one round trip per call.
 */
public final class JobClient implements JobDispatcher {

	private final JobStore store;

	private final HandlerRegistry handlers;

	private final ArgsCodec codec;

	private final ClientConfig config;

	private final Clock clock;

	private final JobsListener listener;

	public JobClient(JobStore store, HandlerRegistry handlers, ArgsCodec codec, ClientConfig config, Clock clock,
			JobsListener listener) {
		this.store = Objects.requireNonNull(store, "store must not be null");
		this.handlers = Objects.requireNonNull(handlers, "handlers must not be null");
		this.codec = Objects.requireNonNull(codec, "codec must not be null");
		this.config = Objects.requireNonNull(config, "config must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.listener = Objects.requireNonNull(listener, "listener must not be null");
	}

	@Override
	public Job enqueue(JobRequest request) {
		return enqueueAll(List.of(request)).get(0);
	}

	@Override
	public List<Job> enqueueAll(List<JobRequest> requests) {
		Objects.requireNonNull(requests, "requests must not be null");
		if (requests.isEmpty()) {
			return List.of();
		}
		Instant now = this.clock.instant();
		List<JobInsert> inserts = new ArrayList<>(requests.size());
		for (JobRequest request : requests) {
			inserts.add(resolve(Objects.requireNonNull(request, "requests must not contain null"), now));
		}
		List<Job> jobs = this.store.insert(new InsertParams(inserts, now));
		for (Job job : jobs) {
			this.listener.onEvent(JobEvent.of(JobEvent.Type.ENQUEUED, job, now));
		}
		return jobs;
	}

	private JobInsert resolve(JobRequest request, Instant now) {
		HandlerDefinition handler = handlerFor(request.kind());
		String queue = firstNonNull(request.queue(), (handler != null) ? handler.queue() : null,
				this.config.defaultQueue());
		int maxAttempts = firstNonNull(request.maxAttempts(), (handler != null) ? handler.maxAttempts() : null,
				this.config.defaultMaxAttempts());
		Duration timeout = (request.timeout() != null) ? request.timeout()
				: (handler != null) ? handler.timeout() : null;
		String args = this.codec.serialize(request.args());
		int size = ClientConfig.utf8Length(args);
		if (size > this.config.maxArgsBytes()) {
			throw new IllegalArgumentException("Args of job kind '" + request.kind() + "' are " + size
					+ " bytes of JSON, over the limit of " + this.config.maxArgsBytes()
					+ " bytes; store large payloads elsewhere and pass a reference, or raise the limit");
		}
		return new JobInsert(queue, request.kind(), args, (request.priority() != null) ? request.priority() : 0,
				maxAttempts, scheduledAt(request, now), request.uniqueKey(), request.uniqueStrategy(), timeout);
	}

	private @Nullable HandlerDefinition handlerFor(String kind) {
		Optional<HandlerDefinition> handler = this.handlers.find(kind);
		if (handler.isEmpty() && this.config.rejectUnknownKinds() && !this.handlers.isEmpty()) {
			throw new IllegalArgumentException(
					"Unknown job kind '" + kind + "'; known kinds: " + this.handlers.kinds());
		}
		return handler.orElse(null);
	}

	private static Instant scheduledAt(JobRequest request, Instant now) {
		if (request.runAt() != null) {
			return request.runAt();
		}
		return (request.delay() != null) ? now.plus(request.delay()) : now;
	}

	@SafeVarargs
	private static <T> T firstNonNull(@Nullable T... candidates) {
		for (T candidate : candidates) {
			if (candidate != null) {
				return candidate;
			}
		}
		throw new IllegalStateException("No default among " + Arrays.toString(candidates));
	}

	@Override
	public Optional<Job> cancel(long id) {
		// Microseconds, as databases keep them, so that the returned finish time can be
		// compared with it.
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Optional<Job> job = this.store.cancel(id, now);
		job.filter((cancelled) -> cancelled.state() == JobState.CANCELLED && now.equals(cancelled.finishedAt()))
			.ifPresent((cancelled) -> this.listener.onEvent(JobEvent.of(JobEvent.Type.CANCELLED, cancelled, now)));
		return job;
	}

	@Override
	public Optional<Job> retry(long id) {
		return this.store.retry(id, this.clock.instant());
	}

}
