package dev.jobs.engine;

import java.time.Duration;
import java.time.Instant;

import dev.jobs.internal.Require;
import org.jspecify.annotations.Nullable;

/**
 * When a recurring job's ticks fall. The Spring starter adapts Spring's
 * {@code CronExpression} with a time zone; anything that can say "the next tick after
 * this instant" will do.
 */
@FunctionalInterface
public interface CronSchedule {

	/**
	 * The first tick strictly after {@code after}.
	 * @param after the instant to look from
	 * @return the tick, or {@code null} if the schedule has no more ticks
	 */
	@Nullable Instant next(Instant after);

	/**
	 * A fixed period from the epoch, for tests and simple intervals.
	 * @param period the time between ticks
	 * @return the schedule
	 */
	static CronSchedule every(Duration period) {
		long millis = Require.positive(period, "period").toMillis();
		return (after) -> Instant.ofEpochMilli((Math.floorDiv(after.toEpochMilli(), millis) + 1) * millis);
	}

}
