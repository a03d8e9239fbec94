package dev.jobs.dashboard;

import java.lang.reflect.Method;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Spring Security's CSRF token of a request (its {@code _csrf} attribute), for the page
 * to send with every action. Read without naming Spring Security's types, which may be
 * missing: without Spring Security there is no token.
 */
final class CsrfTokens {

	private CsrfTokens() {
	}

	static Map<String, String> of(@Nullable Object token) {
		if (token == null) {
			return Map.of();
		}
		try {
			Method headerName = token.getClass().getMethod("getHeaderName");
			Method value = token.getClass().getMethod("getToken");
			headerName.setAccessible(true);
			value.setAccessible(true);
			return Map.of("header", (String) headerName.invoke(token), "token", (String) value.invoke(token));
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			throw new IllegalStateException(
					"Cannot read the request's CSRF token (" + token.getClass().getName() + "): " + ex.getMessage(),
					ex);
		}
	}

}
