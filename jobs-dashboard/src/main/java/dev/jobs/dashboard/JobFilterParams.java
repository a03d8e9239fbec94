package dev.jobs.dashboard;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import dev.jobs.JobState;
import dev.jobs.store.JobFilter;
import org.jspecify.annotations.Nullable;

/**
 * A {@link JobFilter} from the page's query parameters, which the page also keeps in its
 * URL: {@code queue}, {@code state} (comma-separated), {@code kind}, {@code from} and
 * {@code to} (ISO-8601 instants), {@code q} (text in args and errors, or an id). A bad
 * value is refused with a message that names it.
 */
final class JobFilterParams {

	private JobFilterParams() {
	}

	static JobFilter parse(@Nullable String queue, @Nullable String state, @Nullable String kind, @Nullable String from,
			@Nullable String to, @Nullable String text, @Nullable String tag) {
		return new JobFilter(blankToNull(queue), states(state), blankToNull(kind), instant("from", from),
				instant("to", to), blankToNull(text), null, blankToNull(tag));
	}

	private static Set<JobState> states(@Nullable String states) {
		if (states == null || states.isBlank()) {
			return Set.of();
		}
		Set<JobState> parsed = EnumSet.noneOf(JobState.class);
		for (String state : states.split(",")) {
			if (state.isBlank()) {
				continue;
			}
			try {
				parsed.add(JobState.valueOf(state.strip().toUpperCase(Locale.ROOT)));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("Unknown job state '" + state.strip() + "'; use one of "
						+ Arrays.stream(JobState.values()).map(DashboardViews::name).toList());
			}
		}
		return parsed;
	}

	private static @Nullable Instant instant(String name, @Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Instant.parse(value.strip());
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("Parameter '" + name + "' must be an ISO-8601 instant such as "
					+ "2030-01-02T03:04:05Z, but was '" + value + "'");
		}
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
