package dev.jobs.dashboard;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Whether a request may change jobs through the dashboard. Reads follow the application's
 * own security; actions are decided here, so that they are never open by accident.
 */
@FunctionalInterface
public interface DashboardAccess {

	/**
	 * Decide whether the request may run an action.
	 * @param request the request
	 * @return the decision, with the reason when refused
	 */
	Decision decide(HttpServletRequest request);

	/**
	 * Actions for everyone who reaches the page: only when the application asked for it
	 * ({@code jobs.dashboard.read-only=false} without Spring Security).
	 * @return the access
	 */
	static DashboardAccess open() {
		return (request) -> Decision.ALLOWED;
	}

	/**
	 * No actions at all.
	 * @param reason why, and how to enable them
	 * @return the access
	 */
	static DashboardAccess refused(String reason) {
		return (request) -> new Decision(false, reason);
	}

	/**
	 * An access decision.
	 *
	 * @param allowed whether actions are allowed
	 * @param reason why not, and what to do; empty when allowed
	 */
	record Decision(boolean allowed, String reason) {

		/** Allowed. */
		public static final Decision ALLOWED = new Decision(true, "");

	}

}
