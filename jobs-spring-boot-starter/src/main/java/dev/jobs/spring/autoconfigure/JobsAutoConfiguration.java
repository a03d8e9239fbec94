package dev.jobs.spring.autoconfigure;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.jobs.ArgsCodec;
import dev.jobs.HandlerRegistry;
import dev.jobs.JacksonArgsCodec;
import dev.jobs.JobDispatcher;
import dev.jobs.JobsListener;
import dev.jobs.engine.CronEntry;
import dev.jobs.engine.JobClient;
import dev.jobs.engine.Supervisor;
import dev.jobs.spring.handler.JobHandlerRegistrar;
import dev.jobs.store.JobStore;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of background jobs: the store (JDBC on the application's
 * {@code DataSource}, else in memory), the handlers found on {@code @JobHandler} methods,
 * the {@link JobDispatcher} and, unless {@code jobs.worker.enabled=false}, the
 * {@link Supervisor} that runs jobs on this node. Every bean backs off when the
 * application defines its own; {@code jobs.enabled=false} turns it all off.
 */
@AutoConfiguration(after = { DataSourceAutoConfiguration.class, JacksonAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "jobs.enabled", matchIfMissing = true)
@EnableConfigurationProperties(JobsProperties.class)
@Import({ JobsStoreConfigurations.JdbcStoreConfiguration.class,
		JobsStoreConfigurations.MemoryStoreConfiguration.class })
public final class JobsAutoConfiguration {

	private static final boolean TRANSACTIONS_PRESENT = ClassUtils.isPresent(
			"org.springframework.transaction.support.TransactionSynchronizationManager",
			JobsAutoConfiguration.class.getClassLoader());

	@Bean
	@ConditionalOnMissingBean
	HandlerRegistry jobsHandlerRegistry() {
		return new HandlerRegistry();
	}

	@Bean
	@ConditionalOnMissingBean
	JobHandlerRegistrar jobHandlerRegistrar(HandlerRegistry handlers) {
		return new JobHandlerRegistrar(handlers);
	}

	@Bean
	@ConditionalOnMissingBean
	ArgsCodec jobsArgsCodec(ObjectProvider<JsonMapper> jsonMapper) {
		return new JacksonArgsCodec(jsonMapper.getIfUnique(() -> JsonMapper.builder().findAndAddModules().build()));
	}

	@Bean
	@ConditionalOnMissingBean
	JobDispatcher jobDispatcher(ObjectProvider<Supervisor> supervisor, JobStore store, HandlerRegistry handlers,
			ArgsCodec codec, JobsProperties properties, ObjectProvider<JobsListener> listeners) {
		Supervisor worker = supervisor.getIfUnique();
		if (worker != null) {
			// The supervisor's own dispatcher wakes this node's queue on enqueue.
			return TRANSACTIONS_PRESENT ? new WakeAfterCommitDispatcher(worker) : worker.dispatcher();
		}
		return new JobClient(store, handlers, codec, new JobsSettings(properties).client(), Clock.systemUTC(),
				JobsListener.composite(listeners.orderedStream().toList()));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "jobs.worker.enabled", matchIfMissing = true)
	static class WorkerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		Supervisor jobsSupervisor(JobStore store, HandlerRegistry handlers, ArgsCodec codec, JobsProperties properties,
				ObjectProvider<JobsListener> listeners, ObjectProvider<SupervisorCustomizer> customizers,
				Environment environment) {
			JobsSettings settings = new JobsSettings(properties);
			Supervisor.Builder builder = Supervisor.builder(store)
				.handlers(handlers)
				.codec(codec)
				.listener(JobsListener.composite(listeners.orderedStream().toList()))
				.executor(settings.executor(Threading.VIRTUAL.isActive(environment)))
				.client(settings.client())
				.maintenance(settings.maintenance())
				.retryPolicy(settings.retryPolicy())
				.cronConfig(settings.cronConfig())
				.shutdownTimeout(settings.shutdownTimeout());
			settings.queues().forEach(builder::queue);
			if (properties.getNode().getId() != null) {
				builder.nodeId(properties.getNode().getId());
			}
			customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
			return builder.build();
		}

		@Bean
		@ConditionalOnMissingBean
		JobsLifecycle jobsLifecycle(Supervisor supervisor, JobDispatcher dispatcher, JobStore store,
				ObjectProvider<JobHandlerRegistrar> registrar, ObjectProvider<JsonMapper> jsonMapper,
				JobsProperties properties) {
			JobsSettings settings = new JobsSettings(properties);
			JsonMapper mapper = jsonMapper.getIfUnique(() -> JsonMapper.builder().findAndAddModules().build());
			List<CronEntry> configured = settings.cronEntries(mapper);
			return new JobsLifecycle(supervisor, () -> {
				List<CronEntry> entries = new ArrayList<>(configured);
				registrar.ifAvailable((handlers) -> entries.addAll(handlers.cronEntries()));
				return entries;
			}, settings.cronConfig(), dispatcher, store, settings.pausedQueues());
		}

	}

}
