package dev.jobs.spring.autoconfigure;

import dev.jobs.JobObserver;
import dev.jobs.JobRequest;
import dev.jobs.JobDispatcher;
import dev.jobs.observation.DefaultJobEnqueueObservationConvention;
import dev.jobs.observation.JobEnqueueObservationConvention;
import dev.jobs.observation.ObservationJobObserver;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Observation of jobs is set up only when the application has an observation registry.
 */
class JobsObservationAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JobsObservationAutoConfiguration.class, JobsAutoConfiguration.class))
		.withPropertyValues("jobs.worker.enabled=false", "jobs.reject-unknown-kinds=false");

	@Test
	void observesEnqueuesWhenTheApplicationHasAnObservationRegistry() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		this.runner.withBean(ObservationRegistry.class, () -> registry).run((context) -> {
			assertThat(context).hasSingleBean(ObservationJobObserver.class);
			context.getBean(JobDispatcher.class).enqueue(JobRequest.of("send_email", null));
			assertThat(registry).hasObservationWithNameEqualTo("jobs.enqueue")
				.that()
				.hasLowCardinalityKeyValue("kind", "send_email");
		});
	}

	@Test
	void observesNothingWithoutAnObservationRegistry() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(JobObserver.class));
	}

	@Test
	void observesNothingWithoutMicrometerObservationOnTheClassPath() {
		this.runner.withBean(ObservationRegistry.class, ObservationRegistry::create)
			.withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(JobObserver.class));
	}

	@Test
	void backsOffWhenTheApplicationDefinesAJobObserver() {
		JobObserver own = new JobObserver() {
		};
		this.runner.withBean(ObservationRegistry.class, ObservationRegistry::create)
			.withBean(JobObserver.class, () -> own)
			.run((context) -> assertThat(context.getBean(JobObserver.class)).isSameAs(own));
	}

	@Test
	void usesTheApplicationsConvention() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		this.runner.withBean(ObservationRegistry.class, () -> registry)
			.withBean(JobEnqueueObservationConvention.class, () -> new DefaultJobEnqueueObservationConvention() {
				@Override
				public String getName() {
					return "custom.enqueue";
				}
			})
			.run((context) -> {
				context.getBean(JobDispatcher.class).enqueue(JobRequest.of("send_email", null));
				assertThat(registry).hasObservationWithNameEqualTo("custom.enqueue");
			});
	}

}
