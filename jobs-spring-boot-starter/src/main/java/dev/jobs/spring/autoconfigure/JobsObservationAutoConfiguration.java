package dev.jobs.spring.autoconfigure;

import dev.jobs.JobObserver;
import dev.jobs.observation.JobEnqueueObservationConvention;
import dev.jobs.observation.JobExecuteObservationConvention;
import dev.jobs.observation.ObservationJobObserver;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer Observation of enqueues and attempts ({@code jobs.enqueue},
 * {@code jobs.execute}), when the application has an {@link ObservationRegistry}: with
 * Micrometer Tracing, one trace runs from the request that enqueued a job to each of its
 * attempts. Without a registry nothing is observed and nothing costs. A
 * {@link JobEnqueueObservationConvention} or {@link JobExecuteObservationConvention} bean
 * replaces the default names and key values.
 */
@AutoConfiguration(before = JobsAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
public final class JobsObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(JobObserver.class)
	ObservationJobObserver jobsObservationJobObserver(ObservationRegistry registry,
			ObjectProvider<JobEnqueueObservationConvention> enqueueConvention,
			ObjectProvider<JobExecuteObservationConvention> executeConvention) {
		return new ObservationJobObserver(registry, enqueueConvention.getIfUnique(), executeConvention.getIfUnique());
	}

}
