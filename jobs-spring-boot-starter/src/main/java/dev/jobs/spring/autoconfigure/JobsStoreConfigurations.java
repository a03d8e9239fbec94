package dev.jobs.spring.autoconfigure;

import dev.jobs.store.JobStore;
import dev.jobs.store.MemoryJobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The job store, in order of preference: JDBC when there is a {@code DataSource}, else
 * memory.
 */
final class JobsStoreConfigurations {

	private JobsStoreConfigurations() {
	}

	@Configuration(proxyBeanMethods = false)
	static class JdbcStoreConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(JobStore.class)
	static class MemoryStoreConfiguration {

		private static final Logger logger = LoggerFactory.getLogger(MemoryStoreConfiguration.class);

		@Bean
		@ConditionalOnMissingBean(JobStore.class)
		MemoryJobStore jobStore(JobsProperties properties) {
			logger.warn("Jobs are kept in memory (no DataSource): they are not durable and are lost when the "
					+ "application stops. Add a DataSource (spring-boot-starter-jdbc and a database) to store them.");
			return new MemoryJobStore(new JobsSettings(properties).memory());
		}

	}

}
