package dev.jobs.engine;

import java.time.Duration;

import dev.jobs.internal.Require;

/**
 * Settings of the {@link CronScheduler}.
 *
 * @param checkInterval how often the leader checks for due ticks
 * @param misfireGrace how late a tick may still be enqueued: ticks missed by more (while
 * no node ran, say) are skipped, and the schedule goes on from the next tick
 */
public record CronConfig(Duration checkInterval, Duration misfireGrace) {

	public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(1);

	public static final Duration DEFAULT_MISFIRE_GRACE = Duration.ofMinutes(1);

	public static final CronConfig DEFAULT = new CronConfig(DEFAULT_CHECK_INTERVAL, DEFAULT_MISFIRE_GRACE);

	public CronConfig {
		Require.positive(checkInterval, "cron checkInterval");
		Require.positive(misfireGrace, "cron misfireGrace");
	}

}
