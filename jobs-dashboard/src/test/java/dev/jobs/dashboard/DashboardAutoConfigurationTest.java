package dev.jobs.dashboard;

import dev.jobs.spring.autoconfigure.JobsAutoConfiguration;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the dashboard is configured, and who may run its actions.
 */
class DashboardAutoConfigurationTest {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JobsAutoConfiguration.class, DashboardAutoConfiguration.class))
		.withPropertyValues("jobs.worker.enabled=false");

	private final HttpServletRequest request = new MockHttpServletRequest();

	@Test
	void servesTheDashboardInAServletWebApplication() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(DashboardController.class)
			.hasSingleBean(DashboardQueries.class)
			.hasSingleBean(DashboardActions.class));
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("jobs.dashboard.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DashboardController.class));
	}

	@Test
	void backsOffOutsideAWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JobsAutoConfiguration.class, DashboardAutoConfiguration.class))
			.withPropertyValues("jobs.worker.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DashboardController.class));
	}

	@Test
	void refusesActionsWithoutSpringSecurityAndSaysHowToEnableThem() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.security")).run((context) -> {
			DashboardAccess.Decision decision = context.getBean(DashboardAccess.class).decide(this.request);
			assertThat(decision.allowed()).isFalse();
			assertThat(decision.reason()).contains("jobs.dashboard.read-only=false")
				.contains("spring-boot-starter-security");
		});
	}

	@Test
	void allowsActionsWithoutSpringSecurityOnlyWhenAskedTo() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.security"))
			.withPropertyValues("jobs.dashboard.read-only=false")
			.run((context) -> assertThat(context.getBean(DashboardAccess.class).decide(this.request).allowed())
				.isTrue());
	}

	@Test
	void needsTheAdminRoleWithSpringSecurity() {
		SecurityContextHolder.clearContext();
		this.runner.withPropertyValues("jobs.dashboard.admin-role=OPS")
			.run((context) -> assertThat(context.getBean(DashboardAccess.class).decide(this.request).reason())
				.contains("role OPS"));
	}

	@Test
	void refusesEveryActionWhenReadOnly() {
		this.runner.withPropertyValues("jobs.dashboard.read-only=true")
			.run((context) -> assertThat(context.getBean(DashboardAccess.class).decide(this.request).allowed())
				.isFalse());
	}

}
