package dev.jobs.spring.autoconfigure;

import java.time.Clock;

import dev.jobs.JobDispatcher;
import dev.jobs.engine.Supervisor;
import dev.jobs.spring.actuate.JobsEndpoint;
import dev.jobs.store.JobStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code jobs} actuator endpoint, when actuator is present and exposes it.
 */
@AutoConfiguration(after = JobsAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean({ JobStore.class, JobDispatcher.class })
@ConditionalOnAvailableEndpoint(JobsEndpoint.class)
public final class JobsEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JobsEndpoint jobsEndpoint(JobStore store, JobDispatcher dispatcher, ObjectProvider<Supervisor> supervisor,
			Clock clock) {
		return new JobsEndpoint(store, dispatcher, supervisor.getIfUnique(), clock);
	}

}
