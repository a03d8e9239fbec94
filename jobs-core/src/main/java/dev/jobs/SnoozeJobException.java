package dev.jobs;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown by a handler to run its job again after a while, without spending an attempt:
 * for work that is not ready yet.
 */
public class SnoozeJobException extends RuntimeException {

	private final Duration duration;

	public SnoozeJobException(Duration duration) {
		super("Snoozed for " + Objects.requireNonNull(duration, "duration must not be null"), null, false, false);
		if (duration.isNegative()) {
			throw new IllegalArgumentException("Snooze duration must not be negative, but was " + duration);
		}
		this.duration = duration;
	}

	public Duration duration() {
		return this.duration;
	}

}
