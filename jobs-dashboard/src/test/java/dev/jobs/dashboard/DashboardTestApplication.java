package dev.jobs.dashboard;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.jobs.limit.JobLimit;
import dev.jobs.spring.autoconfigure.SupervisorCustomizer;
import dev.jobs.spring.handler.JobHandler;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Component;

/**
 * An application with the dashboard, secured as the sample app is: pages for everyone,
 * actions for {@code JOBS_ADMIN} (HTTP Basic or the login form), with CSRF protection on.
 */
@SpringBootApplication
class DashboardTestApplication {

	/** A kind that would run script if the page rendered it as HTML. */
	static final String HOSTILE_KIND = "<img src=x onerror=\"window.hostile=1\">";

	@Bean
	SecurityFilterChain security(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.formLogin(Customizer.withDefaults())
			.httpBasic(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(
				User.withUsername("operator").password("{noop}operator").roles("OPERATOR").build(),
				User.withUsername("admin").password("{noop}admin").roles("OPERATOR", "JOBS_ADMIN").build());
	}

	/**
	 * Limits for the limits panel, one of them on a kind whose name is markup: the page
	 * must show it as text.
	 */
	@Bean
	SupervisorCustomizer limits() {
		return (builder) -> builder.limit(JobLimit.of("report").concurrency(4))
			.limit(JobLimit.of(HOSTILE_KIND).concurrencyPerKey(1));
	}

	/**
	 * Jobs for the tests: {@code charge} fails while {@link #failing} is set.
	 */
	@Component
	static class Handlers {

		static final AtomicBoolean failing = new AtomicBoolean();

		@JobHandler(value = "charge", maxAttempts = 1)
		void charge(Map<String, Object> args) {
			if (failing.get()) {
				throw new IllegalStateException("card declined for " + args.get("customer"));
			}
		}

		@JobHandler("report")
		void report(Map<String, Object> args) {
		}

		@JobHandler(value = "nightly", cron = "0 0 3 * * *", cronZone = "Europe/Paris")
		void nightly() {
		}

	}

}
