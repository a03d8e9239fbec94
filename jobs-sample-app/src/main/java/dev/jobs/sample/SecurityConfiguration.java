package dev.jobs.sample;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Actuator reads are open so a newcomer can watch the jobs; the write operations (retry,
 * cancel, pause, resume, delete) need the {@code JOBS_ADMIN} role over HTTP Basic. The
 * dashboard at {@code /jobs} is the same: pages for all, actions for {@code JOBS_ADMIN}
 * (signed in at {@code /login}). The sample's own API is open. The two users and their
 * passwords ({@code sample.security.*}) are for the sample only.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	@Order(1)
	SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
		http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeHttpRequests((requests) -> requests.requestMatchers(HttpMethod.GET)
				.permitAll()
				.anyRequest()
				.hasRole("JOBS_ADMIN"))
			.httpBasic(Customizer.withDefaults())
			// Operators call these with curl or scripts, not from a browser form.
			.csrf((csrf) -> csrf.ignoringRequestMatchers(EndpointRequest.toAnyEndpoint()));
		return http.build();
	}

	/**
	 * The dashboard at /jobs: pages for everyone, a login form for operators, and CSRF
	 * protection on, since its actions come from a browser. The dashboard itself lets
	 * only JOBS_ADMIN run actions (jobs.dashboard.admin-role).
	 */
	@Bean
	@Order(2)
	SecurityFilterChain dashboardSecurity(HttpSecurity http) throws Exception {
		http.securityMatcher("/jobs/**", "/login", "/logout")
			.authorizeHttpRequests((requests) -> requests.requestMatchers(HttpMethod.GET)
				.permitAll()
				.anyRequest()
				.hasRole("JOBS_ADMIN"))
			.formLogin((login) -> login.defaultSuccessUrl("/jobs/"))
			.httpBasic(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	@Order(3)
	SecurityFilterChain applicationSecurity(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			// A JSON API called with curl; a browser
			// application would keep CSRF protection.
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	@Bean
	InMemoryUserDetailsManager users(@Value("${sample.security.operator-password:operator}") String operatorPassword,
			@Value("${sample.security.admin-password:admin}") String adminPassword) {
		return new InMemoryUserDetailsManager(
				User.withUsername("operator").password("{noop}" + operatorPassword).roles("OPERATOR").build(),
				User.withUsername("admin").password("{noop}" + adminPassword).roles("OPERATOR", "JOBS_ADMIN").build());
	}

}
