package dev.jobs.observation;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.jobs.Job;
import dev.jobs.JobEvent;
import dev.jobs.observation.JobsObservationDocumentation.LowCardinalityKeys;
import io.micrometer.common.KeyValues;

/**
 * The default names and key values of an attempt: {@code jobs.execute}, contextual name
 * {@code execute <kind>}.
 */
public class DefaultJobExecuteObservationConvention implements JobExecuteObservationConvention {

	/** The observation's name, and so the meters' (a timer {@code jobs.execute}). */
	public static final String NAME = "jobs.execute";

	/**
	 * Queue and kind pairs whose names are kept. Both are meter tags, so bounded in any
	 * sane application; past this many, names are built per attempt rather than held.
	 */
	private static final int MAX_KEPT = 1_000;

	private static final JobEvent.Type[] OUTCOMES = JobEvent.Type.values();

	/**
	 * What every attempt of a queue and kind shares, built once: Micrometer asks for the
	 * key values when the observation starts and again when it stops, and sorting and
	 * allocating them twice per attempt was a visible part of a traced drain's cost.
	 */
	private final Map<String, Map<String, Names>> names = new ConcurrentHashMap<>();

	private final AtomicInteger kept = new AtomicInteger();

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(JobExecuteContext context) {
		return namesOf(context.getJob()).contextualName;
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(JobExecuteContext context) {
		JobEvent.Type outcome = context.getOutcome();
		Names names = namesOf(context.getJob());
		return (outcome != null) ? names.byOutcome[outcome.ordinal()] : names.unknown;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(JobExecuteContext context) {
		return context.highCardinalityKeyValues();
	}

	private Names namesOf(Job job) {
		Map<String, Names> byKind = this.names.get(job.queue());
		Names names = (byKind != null) ? byKind.get(job.kind()) : null;
		if (names != null) {
			return names;
		}
		names = new Names(job.queue(), job.kind());
		if (this.kept.get() < MAX_KEPT) {
			Names raced = this.names.computeIfAbsent(job.queue(), (queue) -> new ConcurrentHashMap<>())
				.putIfAbsent(job.kind(), names);
			if (raced == null) {
				this.kept.incrementAndGet();
			}
		}
		return names;
	}

	/**
	 * The contextual name and the low-cardinality key values of one queue and kind, one
	 * per outcome.
	 */
	private static final class Names {

		private final String contextualName;

		private final KeyValues unknown;

		private final KeyValues[] byOutcome = new KeyValues[OUTCOMES.length];

		Names(String queue, String kind) {
			this.contextualName = "execute " + kind;
			this.unknown = of(queue, kind, "unknown");
			for (JobEvent.Type outcome : OUTCOMES) {
				this.byOutcome[outcome.ordinal()] = of(queue, kind, outcome.name().toLowerCase(Locale.ROOT));
			}
		}

		private static KeyValues of(String queue, String kind, String outcome) {
			return KeyValues.of(LowCardinalityKeys.QUEUE.withValue(queue), LowCardinalityKeys.KIND.withValue(kind),
					LowCardinalityKeys.OUTCOME.withValue(outcome));
		}

	}

}
