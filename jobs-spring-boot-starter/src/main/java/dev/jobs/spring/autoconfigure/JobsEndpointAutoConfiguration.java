package dev.jobs.spring.autoconfigure;

import java.time.Clock;

import dev.jobs.JobDispatcher;
import dev.jobs.engine.Supervisor;
import dev.jobs.spring.actuate.JobsEndpoint;
import dev.jobs.store.JobStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.PropertiesEndpointAccessResolver;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The {@code jobs} actuator endpoint, when actuator is present and the endpoint exposed,
 * with a start-up warning when its write operations answer over HTTP unguarded.
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

	/**
	 * The endpoint is served over HTTP and nothing on the class path can secure it:
	 * whoever reaches the management port can pause queues and delete jobs.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication
	@ConditionalOnAvailableEndpoint(endpoint = JobsEndpoint.class, exposure = EndpointExposure.WEB)
	@ConditionalOnMissingClass("org.springframework.security.web.SecurityFilterChain")
	static class UnsecuredEndpointConfiguration {

		@Bean
		JobsEndpointSecurityWarning jobsEndpointSecurityWarning(ObjectProvider<EndpointAccessResolver> accessResolver,
				Environment environment) {
			return new JobsEndpointSecurityWarning(
					accessResolver.getIfAvailable(() -> new PropertiesEndpointAccessResolver(environment)));
		}

	}

}
