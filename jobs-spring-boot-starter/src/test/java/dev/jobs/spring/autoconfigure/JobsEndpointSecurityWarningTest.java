package dev.jobs.spring.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up warning about the endpoint's write operations answering over HTTP with
 * nothing to secure them.
 */
@ExtendWith(OutputCaptureExtension.class)
class JobsEndpointSecurityWarningTest {

	private static final String WARNING = "The jobs actuator endpoint is exposed over HTTP with its write operations";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class, JobsAutoConfiguration.class,
				JobsEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=jobs", "jobs.worker.enabled=false");

	private final FilteredClassLoader withoutSpringSecurity = new FilteredClassLoader(SecurityFilterChain.class);

	@Test
	void warnsOnceWhenWriteOperationsAnswerOverHttpWithoutSpringSecurity(CapturedOutput output) {
		this.runner.withClassLoader(this.withoutSpringSecurity).run((context) -> {
			assertThat(context).hasSingleBean(JobsEndpointSecurityWarning.class);
			assertThat(output.getOut().split(WARNING, -1)).hasSize(2);
			assertThat(output).contains("management.endpoint.jobs.access=read-only")
				.contains("Securing write operations");
		});
	}

	@Test
	void warnsWithoutActuatorsAccessResolverBean(CapturedOutput output) {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JobsAutoConfiguration.class, JobsEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=jobs", "jobs.worker.enabled=false")
			.withClassLoader(this.withoutSpringSecurity)
			.run((context) -> assertThat(output).contains(WARNING));
	}

	@Test
	void staysQuietWithSpringSecurityOnTheClassPath(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(JobsEndpointSecurityWarning.class);
			assertThat(output).doesNotContain(WARNING);
		});
	}

	@Test
	void staysQuietWhenTheEndpointIsReadOnly(CapturedOutput output) {
		this.runner.withClassLoader(this.withoutSpringSecurity)
			.withPropertyValues("management.endpoint.jobs.access=read-only")
			.run((context) -> assertThat(output).doesNotContain(WARNING));
	}

	@Test
	void staysQuietWhenEveryEndpointIsCappedAtReadOnly(CapturedOutput output) {
		this.runner.withClassLoader(this.withoutSpringSecurity)
			.withPropertyValues("management.endpoints.access.max-permitted=read-only")
			.run((context) -> assertThat(output).doesNotContain(WARNING));
	}

	@Test
	void staysQuietWhenTheEndpointIsExposedOnlyOverJmx(CapturedOutput output) {
		this.runner.withClassLoader(this.withoutSpringSecurity)
			.withPropertyValues("management.endpoints.web.exposure.include=health",
					"management.endpoints.jmx.exposure.include=jobs", "spring.jmx.enabled=true")
			.run((context) -> {
				assertThat(context).hasBean("jobsEndpoint");
				assertThat(output).doesNotContain(WARNING);
			});
	}

	@Test
	void staysQuietInAnApplicationWithoutAWebServer(CapturedOutput output) {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class, JobsAutoConfiguration.class,
					JobsEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=jobs", "jobs.worker.enabled=false")
			.withClassLoader(this.withoutSpringSecurity)
			.run((context) -> {
				assertThat(context).hasBean("jobsEndpoint");
				assertThat(output).doesNotContain(WARNING);
			});
	}

}
