package dev.jobs.spring.test;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

import dev.jobs.ArgsCodec;
import dev.jobs.HandlerRegistry;
import dev.jobs.JobDispatcher;
import dev.jobs.JobsListener;
import dev.jobs.engine.ExecutorConfig;
import dev.jobs.engine.JobRunner;
import dev.jobs.engine.Supervisor;
import dev.jobs.retry.RetryPolicy;
import dev.jobs.spring.autoconfigure.JobsAutoConfiguration;
import dev.jobs.spring.autoconfigure.JobsLifecycle;
import dev.jobs.store.JobStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Test support for jobs: a {@link TestClock} as the engine's clock, the
 * {@link JobsTestHelper}, a {@code JobDispatcher} that records what it enqueues, and the
 * {@code jobs.test.mode} behaviour ({@code running} when unset; {@link JobsTest} sets
 * {@code manual} unless told otherwise). In manual and inline modes the supervisor is
 * built but not started, so no worker, cron or maintenance thread runs.
 */
@AutoConfiguration(before = JobsAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "jobs.enabled", matchIfMissing = true)
public final class JobsTestAutoConfiguration {

	/** Default of {@code jobs.test.drain-limit}: the most attempts one drain runs. */
	public static final int DEFAULT_DRAIN_LIMIT = 1000;

	@Bean
	@ConditionalOnMissingBean(Clock.class)
	TestClock jobsTestClock() {
		return new TestClock();
	}

	@Bean
	@ConditionalOnMissingBean
	JobsTestHelper jobsTestHelper(JobStore store, HandlerRegistry handlers, ArgsCodec codec, Clock clock,
			ObjectProvider<Supervisor> supervisor, ObjectProvider<JobsListener> listeners, Environment environment) {
		Supervisor worker = supervisor.getIfUnique();
		JobRunner runner = (worker != null) ? worker.runner()
				: new JobRunner(store, handlers, codec, RetryPolicy.defaultPolicy(),
						ExecutorConfig.DEFAULT.defaultTimeout(), clock,
						JobsListener.composite(listeners.orderedStream().toList()), "test");
		int limit = environment.getProperty("jobs.test.drain-limit", Integer.class, DEFAULT_DRAIN_LIMIT);
		return new JobsTestHelper(store, handlers, codec, clock, runner, worker, new EnqueuedJobs(codec), limit);
	}

	@Bean
	static BeanPostProcessor jobsTestDispatcherPostProcessor(ObjectProvider<JobsTestHelper> helper,
			ObjectProvider<PlatformTransactionManager> transactionManager, Environment environment) {
		boolean inline = mode(environment) == JobsTestMode.INLINE;
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof JobDispatcher dispatcher && !(bean instanceof TestJobDispatcher)) {
					return new TestJobDispatcher(dispatcher, helper.getObject().enqueued(), helper::getObject, inline,
							transactionManager::getIfUnique);
				}
				return bean;
			}

		};
	}

	static JobsTestMode mode(Environment environment) {
		String mode = environment.getProperty("jobs.test.mode", "running").trim();
		try {
			return JobsTestMode.valueOf(mode.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Unknown jobs.test.mode '" + mode + "'; use manual, inline or running",
					ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(EngineStoppedCondition.class)
	@ConditionalOnBooleanProperty(name = "jobs.worker.enabled", matchIfMissing = true)
	static class StoppedEngineConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JobsLifecycle jobsLifecycle(Supervisor supervisor) {
			return new JobsLifecycle(supervisor, List.of(), false);
		}

	}

	static class EngineStoppedCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			JobsTestMode mode = mode(context.getEnvironment());
			return (mode == JobsTestMode.RUNNING) ? ConditionOutcome.noMatch("jobs.test.mode is running")
					: ConditionOutcome.match("jobs.test.mode is " + mode);
		}

	}

}
