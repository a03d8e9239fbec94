package dev.jobs.spring.autoconfigure;

import java.time.Clock;
import java.util.List;

import dev.jobs.engine.Supervisor;
import dev.jobs.spring.metrics.JobsMetricsListener;
import dev.jobs.spring.metrics.JobsLimitMetrics;
import dev.jobs.spring.metrics.JobsQueueMetrics;
import dev.jobs.store.JobStore;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of jobs, when Micrometer is present and a registry is configured.
 */
@AutoConfiguration(after = { JobsAutoConfiguration.class, MetricsAutoConfiguration.class,
		CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, JobStore.class })
public final class JobsMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JobsMetricsListener jobsMetricsListener(MeterRegistry registry) {
		return new JobsMetricsListener(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	JobsQueueMetrics jobsQueueMetrics(JobStore store, ObjectProvider<Supervisor> supervisor, Clock clock) {
		Supervisor worker = supervisor.getIfUnique();
		List<String> queues = (worker != null) ? worker.queues().stream().map(Supervisor.QueueStatus::name).toList()
				: List.of();
		return new JobsQueueMetrics(store, queues, clock);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(Supervisor.class)
	JobsLimitMetrics jobsLimitMetrics(Supervisor supervisor) {
		return new JobsLimitMetrics(supervisor);
	}

}
