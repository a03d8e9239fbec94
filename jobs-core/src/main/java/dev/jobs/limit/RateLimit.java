package dev.jobs.limit;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * At most {@code count} starts in any {@code period}, on a sliding window: whenever a job
 * would start, the starts of the period before it are counted, so that no burst across
 * the edge of a fixed window can exceed the limit.
 *
 * <pre class="code">
 * RateLimit.of(100, Duration.ofMinutes(1));
 * RateLimit.parse("100/1m");
 * </pre>
 *
 * @param count the most starts per period, at least 1
 * @param period the window, at least a millisecond
 */
public record RateLimit(int count, Duration period) {

	private static final Pattern FORMAT = Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\d*)\\s*(ms|s|m|h|d)\\s*");

	public RateLimit {
		if (count < 1) {
			throw new IllegalArgumentException("A rate limit's count must be at least 1, but was " + count);
		}
		Objects.requireNonNull(period, "period must not be null");
		if (period.toMillis() < 1) {
			throw new IllegalArgumentException("A rate limit's period must be at least 1ms, but was " + period);
		}
	}

	public static RateLimit of(int count, Duration period) {
		return new RateLimit(count, period);
	}

	/**
	 * Read a rate such as {@code "100/1m"}, {@code "5/s"} or {@code "1000/500ms"}: a
	 * count, a slash, then a period of an optional number and a unit ({@code ms},
	 * {@code s}, {@code m}, {@code h}, {@code d}).
	 * @param text the rate
	 * @return the rate limit
	 * @throws IllegalArgumentException if the text is not such a rate
	 */
	public static RateLimit parse(String text) {
		Matcher matcher = FORMAT.matcher(Objects.requireNonNull(text, "text must not be null"));
		if (!matcher.matches()) {
			throw new IllegalArgumentException("'" + text + "' is not a rate: write a count, a slash and a period "
					+ "with a unit of ms, s, m, h or d, such as '100/1m' or '5/s'");
		}
		int count;
		long amount;
		try {
			count = Integer.parseInt(matcher.group(1));
			amount = matcher.group(2).isEmpty() ? 1 : Long.parseLong(matcher.group(2));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("'" + text + "' is not a rate: its numbers are too large", ex);
		}
		Duration period = switch (matcher.group(3)) {
			case "ms" -> Duration.ofMillis(amount);
			case "s" -> Duration.ofSeconds(amount);
			case "m" -> Duration.ofMinutes(amount);
			case "h" -> Duration.ofHours(amount);
			default -> Duration.ofDays(amount);
		};
		return new RateLimit(count, period);
	}

	@Override
	public String toString() {
		return this.count + "/" + format(this.period);
	}

	private static String format(Duration period) {
		long millis = period.toMillis();
		if (millis % 86_400_000 == 0) {
			return (millis / 86_400_000) + "d";
		}
		if (millis % 3_600_000 == 0) {
			return (millis / 3_600_000) + "h";
		}
		if (millis % 60_000 == 0) {
			return (millis / 60_000) + "m";
		}
		if (millis % 1000 == 0) {
			return (millis / 1000) + "s";
		}
		return millis + "ms";
	}

}
