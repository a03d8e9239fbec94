package dev.jobs.dashboard;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the jobs dashboard ({@code jobs.dashboard.*}).
 */
@ConfigurationProperties("jobs.dashboard")
public class DashboardProperties {

	/** Default of {@link #getPath()}. */
	public static final String DEFAULT_PATH = "/jobs";

	/** Default of {@link #getAdminRole()}. */
	public static final String DEFAULT_ADMIN_ROLE = "JOBS_ADMIN";

	/** Default of {@link #getCountLimit()}. */
	public static final long DEFAULT_COUNT_LIMIT = 1_000;

	/** Default of {@link #getRefreshInterval()}. */
	public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(2);

	/**
	 * Whether to serve the dashboard.
	 */
	private boolean enabled = true;

	/**
	 * Path of the dashboard under the application's context path, such as "/jobs".
	 */
	private String path = DEFAULT_PATH;

	/**
	 * Whether the dashboard refuses every action (retry, cancel, delete, pause, resume,
	 * clear). Unset: read-only without Spring Security, and actions for the admin role
	 * with it. Set it to false to allow actions without Spring Security, to anyone who
	 * reaches the page.
	 */
	private @Nullable Boolean readOnly;

	/**
	 * Role that actions need when Spring Security is on the class path (without the
	 * "ROLE_" prefix).
	 */
	private String adminRole = DEFAULT_ADMIN_ROLE;

	/**
	 * Counts by queue and state stop at this many jobs, so that the overview stays fast
	 * on big tables; the page shows such a count as "at least".
	 */
	private long countLimit = DEFAULT_COUNT_LIMIT;

	/**
	 * How often an open page refreshes its figures and lists.
	 */
	private Duration refreshInterval = DEFAULT_REFRESH_INTERVAL;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public @Nullable Boolean getReadOnly() {
		return this.readOnly;
	}

	public void setReadOnly(@Nullable Boolean readOnly) {
		this.readOnly = readOnly;
	}

	public String getAdminRole() {
		return this.adminRole;
	}

	public void setAdminRole(String adminRole) {
		this.adminRole = adminRole;
	}

	public long getCountLimit() {
		return this.countLimit;
	}

	public void setCountLimit(long countLimit) {
		this.countLimit = countLimit;
	}

	public Duration getRefreshInterval() {
		return this.refreshInterval;
	}

	public void setRefreshInterval(Duration refreshInterval) {
		this.refreshInterval = refreshInterval;
	}

}
