package dev.jobs.store;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import dev.jobs.Job;
import dev.jobs.JobError;
import dev.jobs.JobState;
import org.jspecify.annotations.Nullable;

/**
 * Which jobs a listing, a count or a bulk action is about. Every part is optional and the
 * parts combine with AND; {@link #ALL} matches every job. Stores answer a filter from
 * their indexes where one fits (state and queue) and walk the newest jobs first
 * otherwise, so that a page fills fast.
 *
 * @param queue only this queue, or {@code null} for all
 * @param states only these states; empty for all
 * @param kind only this kind, or {@code null} for all
 * @param insertedFrom only jobs enqueued at or after this time, or {@code null}
 * @param insertedBefore only jobs enqueued before this time, or {@code null}
 * @param text only jobs whose args or errors (messages and traces) contain this text,
 * ignoring case, or whose id it is; {@code null} for all
 * @param attemptedBy only jobs whose current or last attempt was claimed by this node, or
 * {@code null} for all
 * @param tag only jobs with this tag, or {@code null} for all
 */
public record JobFilter(@Nullable String queue, Set<JobState> states, @Nullable String kind,
		@Nullable Instant insertedFrom, @Nullable Instant insertedBefore, @Nullable String text,
		@Nullable String attemptedBy, @Nullable String tag) {

	/** Every job. */
	public static final JobFilter ALL = new JobFilter(null, Set.of(), null, null, null, null, null, null);

	public JobFilter {
		states = states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
		text = (text == null || text.isBlank()) ? null : text.strip();
		if (insertedFrom != null && insertedBefore != null && !insertedFrom.isBefore(insertedBefore)) {
			throw new IllegalArgumentException("insertedFrom (" + insertedFrom + ") must be before insertedBefore ("
					+ insertedBefore + "): the time range is empty");
		}
	}

	/**
	 * Jobs of one queue (if not {@code null}) in one state (if not {@code null}).
	 * @param queue the queue, or {@code null} for all
	 * @param state the state, or {@code null} for all
	 * @return the filter
	 */
	public static JobFilter of(@Nullable String queue, @Nullable JobState state) {
		return new JobFilter(queue, (state != null) ? Set.of(state) : Set.of(), null, null, null, null, null, null);
	}

	public JobFilter withQueue(@Nullable String queue) {
		return new JobFilter(queue, this.states, this.kind, this.insertedFrom, this.insertedBefore, this.text,
				this.attemptedBy, this.tag);
	}

	public JobFilter withStates(Set<JobState> states) {
		return new JobFilter(this.queue, states, this.kind, this.insertedFrom, this.insertedBefore, this.text,
				this.attemptedBy, this.tag);
	}

	public JobFilter withKind(@Nullable String kind) {
		return new JobFilter(this.queue, this.states, kind, this.insertedFrom, this.insertedBefore, this.text,
				this.attemptedBy, this.tag);
	}

	public JobFilter withInserted(@Nullable Instant from, @Nullable Instant before) {
		return new JobFilter(this.queue, this.states, this.kind, from, before, this.text, this.attemptedBy, this.tag);
	}

	public JobFilter withText(@Nullable String text) {
		return new JobFilter(this.queue, this.states, this.kind, this.insertedFrom, this.insertedBefore, text,
				this.attemptedBy, this.tag);
	}

	public JobFilter withAttemptedBy(@Nullable String attemptedBy) {
		return new JobFilter(this.queue, this.states, this.kind, this.insertedFrom, this.insertedBefore, this.text,
				attemptedBy, this.tag);
	}

	/**
	 * Only jobs with a tag.
	 * @param tag the tag, or {@code null} for any
	 * @return a copy
	 */
	public JobFilter withTag(@Nullable String tag) {
		return new JobFilter(this.queue, this.states, this.kind, this.insertedFrom, this.insertedBefore, this.text,
				this.attemptedBy, tag);
	}

	/**
	 * The id the free text names, when it is a whole number.
	 * @return the id, or {@code null}
	 */
	public @Nullable Long textAsId() {
		if (this.text == null || this.text.length() > 18 || !this.text.chars().allMatch(Character::isDigit)) {
			return null;
		}
		return Long.parseLong(this.text);
	}

	/**
	 * Whether a job matches, for stores that filter in memory. The JDBC store's SQL
	 * matches the same jobs.
	 * @param job the job
	 * @return whether it matches every part of the filter
	 */
	public boolean matches(Job job) {
		return (this.queue == null || this.queue.equals(job.queue()))
				&& (this.states.isEmpty() || this.states.contains(job.state()))
				&& (this.kind == null || this.kind.equals(job.kind()))
				&& (this.insertedFrom == null || !job.insertedAt().isBefore(this.insertedFrom))
				&& (this.insertedBefore == null || job.insertedAt().isBefore(this.insertedBefore))
				&& (this.attemptedBy == null || this.attemptedBy.equals(job.attemptedBy()))
				&& (this.tag == null || job.tags().contains(this.tag)) && matchesText(job);
	}

	private boolean matchesText(Job job) {
		if (this.text == null) {
			return true;
		}
		Long id = textAsId();
		if (id != null && id == job.id()) {
			return true;
		}
		String needle = this.text.toLowerCase(Locale.ROOT);
		if (job.args().toLowerCase(Locale.ROOT).contains(needle)) {
			return true;
		}
		for (JobError error : job.errors()) {
			if (error.error().toLowerCase(Locale.ROOT).contains(needle)
					|| error.trace() != null && error.trace().toLowerCase(Locale.ROOT).contains(needle)) {
				return true;
			}
		}
		return false;
	}

}
