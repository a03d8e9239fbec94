package dev.jobs.dashboard;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Actions for users with the admin role, as Spring Security authenticated them. The CSRF
 * token is Spring Security's to check: the page sends it with every action.
 */
final class SpringSecurityAccess implements DashboardAccess {

	private final String role;

	private final String authority;

	SpringSecurityAccess(String role) {
		this.role = role;
		this.authority = role.startsWith("ROLE_") ? role : "ROLE_" + role;
	}

	@Override
	public Decision decide(HttpServletRequest request) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		boolean signedIn = authentication != null && authentication.isAuthenticated()
				&& !(authentication instanceof AnonymousAuthenticationToken);
		if (signedIn) {
			for (GrantedAuthority granted : authentication.getAuthorities()) {
				if (this.authority.equals(granted.getAuthority())) {
					return Decision.ALLOWED;
				}
			}
		}
		String who = signedIn ? "User '" + authentication.getName() + "' does not have" : "You are not signed in with";
		return new Decision(false,
				who + " role " + this.role + ", which the dashboard's actions need " + "(jobs.dashboard.admin-role).");
	}

}
