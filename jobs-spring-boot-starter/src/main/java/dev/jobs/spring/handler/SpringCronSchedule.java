package dev.jobs.spring.handler;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

import dev.jobs.engine.CronSchedule;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.support.CronExpression;

/**
 * A {@link CronSchedule} read from a cron expression in a time zone, so that ticks follow
 * the zone's daylight saving changes. Both Spring's six fields (seconds first) and
 * standard Unix five fields (minutes first, at second 0) are read, as are the macros such
 * as {@code @daily}.
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
	 * @param expression five fields (Unix, minutes first), six fields (Spring, seconds
	 * first) or a macro such as {@code @daily}
	 * @param zone the zone the expression is read in
	 * @return the schedule
	 * @throws IllegalArgumentException if the expression is malformed
	 */
	public static SpringCronSchedule of(String expression, ZoneId zone) {
		Objects.requireNonNull(expression, "expression must not be null");
		Objects.requireNonNull(zone, "zone must not be null");
		String trimmed = expression.trim();
		if (trimmed.startsWith("@")) {
			return new SpringCronSchedule(CronExpression.parse(trimmed), zone);
		}
		String[] fields = trimmed.split("\\s+");
		if (fields.length == 5) {
			// Unix cron fires at the start of its minute: Spring's form at second 0.
			return new SpringCronSchedule(CronExpression.parse("0 " + String.join(" ", fields)), zone);
		}
		if (fields.length != 6) {
			throw new IllegalArgumentException("Cron expression must consist of 5 fields (minute first) or 6 fields "
					+ "(second first), or be a macro such as @daily; found " + (trimmed.isEmpty() ? 0 : fields.length)
					+ " in '" + expression + "'");
		}
		return new SpringCronSchedule(CronExpression.parse(trimmed), zone);
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
