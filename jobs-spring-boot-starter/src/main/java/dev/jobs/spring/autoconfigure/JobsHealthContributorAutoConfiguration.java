package dev.jobs.spring.autoconfigure;

import dev.jobs.engine.Supervisor;
import dev.jobs.spring.actuate.JobsHealthIndicator;
import dev.jobs.store.JobStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code jobs} health indicator, when health is present and
 * {@code management.health.jobs.enabled} is not false.
 */
@AutoConfiguration(after = JobsAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(JobStore.class)
@ConditionalOnEnabledHealthIndicator("jobs")
public final class JobsHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "jobsHealthIndicator")
	JobsHealthIndicator jobsHealthIndicator(JobStore store, ObjectProvider<Supervisor> supervisor) {
		return new JobsHealthIndicator(store, supervisor.getIfUnique());
	}

}
