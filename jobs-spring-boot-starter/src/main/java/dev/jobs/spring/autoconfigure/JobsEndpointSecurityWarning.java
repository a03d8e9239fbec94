package dev.jobs.spring.autoconfigure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.EndpointId;

/**
 * Logs one warning at start-up when the {@code jobs} endpoint's write operations answer
 * over HTTP without Spring Security on the class path. Created only in that case (see
 * {@link JobsEndpointAutoConfiguration}); it checks the endpoint's access itself, since a
 * read-only endpoint has no write operations to protect.
 */
final class JobsEndpointSecurityWarning implements InitializingBean {

	private static final Logger logger = LoggerFactory.getLogger(JobsEndpointSecurityWarning.class);

	static final String MESSAGE = "The jobs actuator endpoint is exposed over HTTP with its write operations "
			+ "(pause and resume queues, retry and cancel jobs, delete waiting jobs) and Spring Security is not on "
			+ "the class path: anyone who reaches the management port can use them. Make the endpoint read-only "
			+ "(management.endpoint.jobs.access=read-only) or secure it with Spring Security "
			+ "(spring-boot-starter-security and a SecurityFilterChain with a role for /actuator/jobs/**); see "
			+ "\"Securing write operations\" in docs/spring-boot.md";

	private final EndpointAccessResolver accessResolver;

	JobsEndpointSecurityWarning(EndpointAccessResolver accessResolver) {
		this.accessResolver = accessResolver;
	}

	@Override
	public void afterPropertiesSet() {
		if (writable()) {
			logger.warn(MESSAGE);
		}
	}

	boolean writable() {
		return this.accessResolver.accessFor(EndpointId.of("jobs"), Access.UNRESTRICTED) == Access.UNRESTRICTED;
	}

}
