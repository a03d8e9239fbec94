package dev.jobs.spring.autoconfigure;

import javax.sql.DataSource;

import dev.jobs.jdbc.JdbcJobStore;
import dev.jobs.store.JobStore;
import dev.jobs.store.memory.MemoryJobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * The job store, by preference: JDBC when there is a {@code DataSource}, else in memory.
 */
final class JobsStoreConfigurations {

	private JobsStoreConfigurations() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ JdbcJobStore.class, DataSourceUtils.class })
	@ConditionalOnBean(DataSource.class)
	@ConditionalOnMissingBean(JobStore.class)
	static class JdbcStoreConfiguration {

		// After Flyway, Liquibase or spring.sql.init: they may create the schema the
		// store lives in, and Flyway refuses a non-empty schema it has no history of.
		@Bean
		@ConditionalOnMissingBean(JobStore.class)
		@DependsOnDatabaseInitialization
		JdbcJobStore jobStore(@JobsDataSource ObjectProvider<DataSource> jobsDataSource,
				ObjectProvider<DataSource> dataSource, JobsProperties properties) {
			DataSource source = jobsDataSource.getIfAvailable(dataSource::getIfUnique);
			if (source == null) {
				throw new IllegalStateException("Jobs cannot pick a DataSource: there are several and none is @Primary "
						+ "or marked @JobsDataSource; mark the one that should hold the jobs with @JobsDataSource");
			}
			JobsProperties.Jdbc jdbc = properties.getJdbc();
			JdbcJobStore.Builder builder = JdbcJobStore.builder(source)
				.migrate(jdbc.isMigrate())
				.engineSynchronousCommit(jdbc.isEngineSynchronousCommit())
				.connectionProvider(new SpringTransactionConnectionProvider());
			if (jdbc.getSchema() != null) {
				JobsSettings.check("jobs.jdbc.schema", jdbc.getSchema(), () -> builder.schema(jdbc.getSchema()));
			}
			if (jdbc.getTablePrefix() != null) {
				JobsSettings.check("jobs.jdbc.table-prefix", jdbc.getTablePrefix(),
						() -> builder.tablePrefix(jdbc.getTablePrefix()));
			}
			return builder.build();
		}

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
