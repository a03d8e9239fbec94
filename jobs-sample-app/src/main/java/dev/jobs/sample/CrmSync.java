package dev.jobs.sample;

import dev.jobs.JobContext;
import dev.jobs.retry.RetryPolicy;
import dev.jobs.spring.handler.JobHandler;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Pushes users to a CRM that is always down: each attempt fails, is retried after a short
 * constant backoff, and after three attempts the job is discarded with its error history
 * (see {@code GET /actuator/jobs/{id}}).
 */
@Configuration(proxyBeanMethods = false)
public class CrmSync {

	static final String SYNC_CRM = "sync_crm";

	@Bean
	RetryPolicy crmRetry(SampleProperties properties) {
		return RetryPolicy.constant(properties.crmRetryDelay());
	}

	@JobHandler(value = SYNC_CRM, maxAttempts = 3, retry = "crmRetry")
	public void sync(JobContext context) {
		throw new IllegalStateException("CRM at crm.example.com is unreachable (attempt " + context.attempt() + " of "
				+ context.maxAttempts() + ")");
	}

}
