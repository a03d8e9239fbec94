package dev.jobs.dashboard;

import java.time.Clock;

import dev.jobs.JobDispatcher;
import dev.jobs.engine.Supervisor;
import dev.jobs.spring.autoconfigure.JobsAutoConfiguration;
import dev.jobs.store.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The jobs dashboard, in a servlet web application that has a job store: its page and
 * JSON API at {@code jobs.dashboard.path} ({@code /jobs}). Actions need the admin role
 * when Spring Security is on the class path, and are refused without it unless
 * {@code jobs.dashboard.read-only=false}.
 */
@AutoConfiguration(after = JobsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBean({ JobStore.class, JobDispatcher.class })
@ConditionalOnBooleanProperty(name = "jobs.dashboard.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DashboardProperties.class)
public final class DashboardAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(DashboardAutoConfiguration.class);

	static final String NO_SECURITY = "Actions are off: Spring Security is not on the class path, so anyone "
			+ "who reaches this page could run them. Add spring-boot-starter-security and give operators role "
			+ "JOBS_ADMIN (jobs.dashboard.admin-role), or set jobs.dashboard.read-only=false to allow them to "
			+ "everyone.";

	static final String READ_ONLY = "Actions are off: jobs.dashboard.read-only=true.";

	@Bean
	@ConditionalOnMissingBean
	DashboardQueries jobsDashboardQueries(JobStore store, ObjectProvider<Supervisor> supervisor, Clock clock,
			DashboardProperties properties) {
		return new DashboardQueries(store, supervisor.getIfUnique(), clock, properties);
	}

	@Bean
	@ConditionalOnMissingBean
	DashboardActions jobsDashboardActions(JobStore store, JobDispatcher dispatcher,
			ObjectProvider<Supervisor> supervisor, Clock clock) {
		return new DashboardActions(store, dispatcher, supervisor.getIfUnique(), clock);
	}

	@Bean
	@ConditionalOnMissingBean
	DashboardController jobsDashboardController(DashboardQueries queries, DashboardActions actions,
			DashboardAccess access, DashboardProperties properties) {
		return new DashboardController(queries, actions, access, properties);
	}

	/**
	 * Spring Security decides who is signed in; actions need the admin role.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.security.core.context.SecurityContextHolder")
	static class SecuredConfiguration {

		@Bean
		@ConditionalOnMissingBean
		DashboardAccess jobsDashboardAccess(DashboardProperties properties) {
			if (Boolean.TRUE.equals(properties.getReadOnly())) {
				return DashboardAccess.refused(READ_ONLY);
			}
			return new SpringSecurityAccess(properties.getAdminRole());
		}

	}

	/**
	 * Nobody is signed in: actions only when the application asked for them.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.security.core.context.SecurityContextHolder")
	static class UnsecuredConfiguration {

		@Bean
		@ConditionalOnMissingBean
		DashboardAccess jobsDashboardAccess(DashboardProperties properties) {
			if (Boolean.FALSE.equals(properties.getReadOnly())) {
				logger.warn("The jobs dashboard at {} lets anyone who reaches it retry, cancel and delete jobs "
						+ "(jobs.dashboard.read-only=false without Spring Security)", properties.getPath());
				return DashboardAccess.open();
			}
			return DashboardAccess.refused(Boolean.TRUE.equals(properties.getReadOnly()) ? READ_ONLY : NO_SECURITY);
		}

	}

}
