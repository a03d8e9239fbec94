package dev.jobs.spring.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The engine's clock in tests: the system's time, moved by hand. It keeps running, so a
 * running engine behaves as usual, and {@link #advance} makes scheduled jobs, retries and
 * cron ticks come due at once. The jobs test support defines it as the {@link Clock} bean
 * unless the application defines one.
 */
public final class TestClock extends Clock {

	private final Clock base;

	private volatile Duration offset = Duration.ZERO;

	/** A clock on the system's time in UTC. */
	public TestClock() {
		this(Clock.systemUTC());
	}

	/**
	 * A clock that moves from another one.
	 * @param base the time before any move
	 */
	public TestClock(Clock base) {
		this.base = Objects.requireNonNull(base, "base must not be null");
	}

	/**
	 * Move the time forward (or back, with a negative duration).
	 * @param duration how far
	 * @return the new time
	 */
	public synchronized Instant advance(Duration duration) {
		this.offset = this.offset.plus(duration);
		return instant();
	}

	/**
	 * Move the time to an instant, if it is later than now.
	 * @param instant the time
	 * @return the new time
	 */
	public synchronized Instant advanceTo(Instant instant) {
		Duration ahead = Duration.between(instant(), instant);
		return ahead.isNegative() ? instant() : advance(ahead);
	}

	/** Back to the base clock's time. */
	public void reset() {
		this.offset = Duration.ZERO;
	}

	@Override
	public Instant instant() {
		return this.base.instant().plus(this.offset);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("TestClock is always UTC");
	}

}
