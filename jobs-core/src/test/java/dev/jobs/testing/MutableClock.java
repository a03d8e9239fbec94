package dev.jobs.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that tests move by hand. Starts at a fixed instant, truncated to milliseconds
 * so that every store (including databases with microsecond timestamps) reads back
 * exactly what was written.
 */
public final class MutableClock extends Clock {

	/** Where every {@link MutableClock} starts. */
	public static final Instant START = Instant.parse("2026-01-05T10:00:00Z");

	private final AtomicReference<Instant> now;

	public MutableClock() {
		this(START);
	}

	public MutableClock(Instant start) {
		this.now = new AtomicReference<>(start.truncatedTo(ChronoUnit.MILLIS));
	}

	public Instant advance(Duration duration) {
		return this.now.updateAndGet((instant) -> instant.plus(duration));
	}

	public void set(Instant instant) {
		this.now.set(instant.truncatedTo(ChronoUnit.MILLIS));
	}

	@Override
	public Instant instant() {
		return this.now.get();
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("MutableClock is always UTC");
	}

}
