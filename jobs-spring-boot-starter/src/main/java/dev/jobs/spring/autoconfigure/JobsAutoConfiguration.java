package dev.jobs.spring.autoconfigure;

import java.time.Clock;
import java.util.List;

import dev.jobs.ArgsCodec;
import dev.jobs.HandlerRegistry;
import dev.jobs.JacksonArgsCodec;
import dev.jobs.JobDispatcher;
import dev.jobs.JobObserver;
import dev.jobs.JobsListener;
import dev.jobs.engine.CommitHooks;
import dev.jobs.engine.CronEntry;
import dev.jobs.engine.JobClient;
import dev.jobs.engine.Supervisor;
import dev.jobs.engine.SupervisorBuilder;
import dev.jobs.jdbc.JdbcJobStore;
import dev.jobs.spring.handler.JobHandlerRegistrar;
import dev.jobs.spring.later.MethodJobs;
import dev.jobs.store.DelegatingJobStore;
import dev.jobs.store.JobStore;
import dev.jobs.store.memory.MemoryJobStore;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Auto-configuration of background jobs: the store (JDBC on the application's
 * {@code DataSource}, else in memory), the handlers found on {@code @JobHandler} methods,
 * the {@link JobDispatcher} and, unless {@code jobs.worker.enabled=false}, the
 * {@link Supervisor} that runs jobs on this node. Every bean backs off when the
 * application defines its own; {@code jobs.enabled=false} turns it all off. One
 * {@link Clock} (a bean the application may replace) drives engine, endpoint and metrics.
 */
@AutoConfiguration(after = { DataSourceAutoConfiguration.class, JacksonAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "jobs.enabled", matchIfMissing = true)
@EnableConfigurationProperties(JobsProperties.class)
@Import({ JobsStoreConfigurations.JdbcStoreConfiguration.class,
		JobsStoreConfigurations.MemoryStoreConfiguration.class })
public final class JobsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock jobsClock() {
		return Clock.systemUTC();
	}

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
			ArgsCodec codec, JobsProperties properties, ObjectProvider<JobsListener> listeners,
			ObjectProvider<CommitHooks> commitHooks, ObjectProvider<JobObserver> observer, Clock clock) {
		Supervisor worker = supervisor.getIfUnique();
		if (worker != null) {
			return worker.dispatcher();
		}
		return new JobClient(store, handlers, codec, new JobsSettings(properties).client(), clock,
				JobsListener.composite(listeners.orderedStream().toList()),
				commitHooks.getIfAvailable(() -> CommitHooks.NONE), observer.getIfUnique(() -> JobObserver.NONE));
	}

	@Bean
	@ConditionalOnMissingBean
	MethodJobs methodJobs(JobDispatcher dispatcher, HandlerRegistry handlers, BeanFactory beans,
			ObjectProvider<JsonMapper> jsonMapper) {
		return new MethodJobs(dispatcher, handlers, beans,
				jsonMapper.getIfUnique(() -> JsonMapper.builder().findAndAddModules().build()));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(TransactionSynchronizationManager.class)
	static class TransactionConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CommitHooks jobsCommitHooks(JobStore store) {
			JobStore inner = store;
			while (inner instanceof DelegatingJobStore delegating) {
				inner = delegating.delegate();
			}
			if (inner instanceof MemoryJobStore) {
				// No transactions there: its jobs are visible at once.
				return CommitHooks.NONE;
			}
			return new SpringCommitHooks((inner instanceof JdbcJobStore jdbc) ? jdbc.dataSource() : null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "jobs.worker.enabled", matchIfMissing = true)
	static class WorkerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		Supervisor jobsSupervisor(JobStore store, HandlerRegistry handlers, ArgsCodec codec, JobsProperties properties,
				ObjectProvider<JobsListener> listeners, ObjectProvider<SupervisorCustomizer> customizers,
				ObjectProvider<CommitHooks> commitHooks, ObjectProvider<JobHandlerRegistrar> registrar,
				ObjectProvider<JsonMapper> jsonMapper, ObjectProvider<JobObserver> observer, Clock clock,
				Environment environment) {
			JobsSettings settings = new JobsSettings(properties);
			JsonMapper mapper = jsonMapper.getIfUnique(() -> JsonMapper.builder().findAndAddModules().build());
			List<CronEntry> configured = settings.cronEntries(mapper);
			SupervisorBuilder builder = Supervisor.builder(store)
				.handlers(handlers)
				.codec(codec)
				.clock(clock)
				.listener(JobsListener.composite(listeners.orderedStream().toList()))
				.commitHooks(commitHooks.getIfAvailable(() -> CommitHooks.NONE))
				.executor(settings.executor(Threading.VIRTUAL.isActive(environment)))
				.client(settings.client())
				.retryPolicy(settings.retryPolicy())
				.cronConfig(settings.cronConfig())
				.shutdownTimeout(settings.shutdownTimeout())
				.observer(observer.getIfUnique(() -> JobObserver.NONE))
				.completedLogLevel(properties.getLogging().getCompletedLevel());
			settings.maintenance().applyTo(builder);
			// Handlers' cron entries are found once
			// singletons are ready: asked for at start.
			builder.cron(() -> configured)
				.cron(() -> registrar.stream().flatMap((r) -> r.cronEntries().stream()).toList());
			settings.queues().forEach(builder::queue);
			JobsLimitSettings.applyTo(properties, () -> registrar.stream().flatMap((r) -> r.limits().stream()).toList(),
					builder);
			List<String> strictOrder = settings.strictOrder();
			if (!strictOrder.isEmpty()) {
				builder.strictOrder(strictOrder);
			}
			builder.runLimit(settings.runLimit(environment));
			builder.claimAhead(properties.getWorker().isClaimAhead());
			if (properties.getNode().getId() != null) {
				builder.nodeId(properties.getNode().getId());
			}
			customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
			return builder.build();
		}

		@Bean
		@ConditionalOnMissingBean
		JobsLifecycle jobsLifecycle(Supervisor supervisor, JobsProperties properties) {
			return new JobsLifecycle(supervisor, new JobsSettings(properties).pausedQueues());
		}

		@Bean
		@ConditionalOnMissingBean
		JobsOneShot jobsOneShot(Supervisor supervisor, ConfigurableApplicationContext context,
				ObjectProvider<JobsProcessExit> exit) {
			return new JobsOneShot(supervisor, context, exit.getIfAvailable(() -> System::exit));
		}

	}

}
