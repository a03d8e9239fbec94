package dev.jobs.spring.handler;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

import dev.jobs.engine.CronSchedule;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.support.CronExpression;

/**
 * A {@link CronSchedule} read from a Spring {@link CronExpression} in a time zone, so
 * that ticks follow the zone's daylight saving changes.
 */
public final class SpringCronSchedule implements CronSchedule {

	private final CronExpression expression;

	private final ZoneId zone;

	private SpringCronSchedule(CronExpression expression, ZoneId zone) {
		this.expression = expression;
		this.zone = zone;
	}

	/**
	 * Parse an expression.
	 * @param expression six fields (seconds first) or a macro such as {@code @daily}
	 * @param zone the zone the expression is read in
	 * @return the schedule
	 * @throws IllegalArgumentException if the expression is malformed
	 */
	public static SpringCronSchedule of(String expression, ZoneId zone) {
		Objects.requireNonNull(zone, "zone must not be null");
		return new SpringCronSchedule(CronExpression.parse(expression), zone);
	}

	@Override
	public @Nullable Instant next(Instant after) {
		ZonedDateTime next = this.expression.next(after.atZone(this.zone));
		return (next != null) ? next.toInstant() : null;
	}

	@Override
	public String toString() {
		return this.expression + " (" + this.zone + ")";
	}

}
