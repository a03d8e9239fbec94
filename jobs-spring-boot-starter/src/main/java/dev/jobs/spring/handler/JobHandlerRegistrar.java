package dev.jobs.spring.handler;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.jobs.HandlerRegistry;
import dev.jobs.engine.CronEntry;
import dev.jobs.limit.JobLimit;
import dev.jobs.retry.RetryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Finds {@link JobHandler} methods on singleton beans once they are all created, and
 * registers them in the {@link HandlerRegistry}. Methods are looked up on the class
 * behind any proxy and invoked through the proxy. Start-up fails, naming the bean and the
 * method, on a duplicate kind or a signature that cannot bind.
 */
public final class JobHandlerRegistrar implements SmartInitializingSingleton, BeanFactoryAware {

	private static final Logger logger = LoggerFactory.getLogger(JobHandlerRegistrar.class);

	private final HandlerRegistry registry;

	private final List<CronEntry> cronEntries = new ArrayList<>();

	private final List<JobLimit> limits = new ArrayList<>();

	private ConfigurableListableBeanFactory beanFactory;

	public JobHandlerRegistrar(HandlerRegistry registry) {
		this.registry = Objects.requireNonNull(registry, "registry must not be null");
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		if (!(beanFactory instanceof ConfigurableListableBeanFactory listable)) {
			throw new IllegalStateException("JobHandlerRegistrar needs a ConfigurableListableBeanFactory, not a "
					+ beanFactory.getClass().getName());
		}
		this.beanFactory = listable;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Map<String, JobHandlerMethod> byKind = new LinkedHashMap<>();
		for (String beanName : this.beanFactory.getBeanNamesForType(Object.class, false, false)) {
			if (ScopedProxyUtils.isScopedTarget(beanName)) {
				continue;
			}
			Class<?> type = targetClass(beanName);
			if (type == null) {
				continue;
			}
			Map<Method, JobHandler> annotated = MethodIntrospector.selectMethods(type,
					(MethodIntrospector.MetadataLookup<JobHandler>) (method) -> AnnotatedElementUtils
						.findMergedAnnotation(method, JobHandler.class));
			if (annotated.isEmpty()) {
				continue;
			}
			Object bean = this.beanFactory.getBean(beanName);
			Class<?> targetClass = AopUtils.getTargetClass(bean);
			annotated.forEach((method, annotation) -> {
				JobHandlerMethod handler = JobHandlerMethod.of(beanName, bean, targetClass, method, annotation,
						this::resolve);
				JobHandlerMethod existing = byKind.putIfAbsent(handler.kind(), handler);
				if (existing != null) {
					throw new IllegalStateException("Duplicate handlers for job kind '" + handler.kind() + "': "
							+ existing.describe() + " and " + handler.describe()
							+ "; each kind has exactly one handler: rename one of the kinds");
				}
			});
		}
		byKind.values().forEach(this::register);
		if (!byKind.isEmpty()) {
			logger.debug("Registered @JobHandler methods for kinds {}", byKind.keySet());
		}
	}

	private void register(JobHandlerMethod handler) {
		try {
			this.registry.register(handler.definition(this::retryPolicy));
		}
		catch (IllegalStateException ex) {
			if (this.registry.find(handler.kind()).isPresent()) {
				throw new IllegalStateException(handler.describe() + " handles kind '" + handler.kind()
						+ "', which already has a handler registered in the HandlerRegistry bean; rename one of the "
						+ "kinds", ex);
			}
			throw ex;
		}
		JobLimit limit = handler.limit();
		if (limit != null) {
			this.limits.add(limit);
		}
		CronEntry cron = handler.cronEntry();
		if (cron != null) {
			this.cronEntries.add(cron);
		}
	}

	private String resolve(String value) {
		String resolved = this.beanFactory.resolveEmbeddedValue(value);
		return (resolved != null) ? resolved : value;
	}

	private RetryPolicy retryPolicy(String beanName) {
		try {
			return this.beanFactory.getBean(beanName, RetryPolicy.class);
		}
		catch (BeansException ex) {
			throw new IllegalStateException("@JobHandler retry names bean '" + beanName
					+ "', but there is no RetryPolicy bean of that name (" + ex.getMessage() + "); RetryPolicy beans: "
					+ Arrays.toString(this.beanFactory.getBeanNamesForType(RetryPolicy.class))
					+ ". Define one, such as @Bean RetryPolicy " + beanName + "() { return RetryPolicy.constant("
					+ "Duration.ofSeconds(5)); }", ex);
		}
	}

	private Class<?> targetClass(String beanName) {
		try {
			return AutoProxyUtils.determineTargetClass(this.beanFactory, beanName);
		}
		catch (RuntimeException ex) {
			// An unresolvable type (a lazy bean, say) cannot hold handlers we could find.
			logger.trace("Could not resolve the type of bean '{}'", beanName, ex);
			return null;
		}
	}

	/**
	 * The cluster-wide limits the handlers' annotations declare, once singletons are
	 * ready.
	 * @return one limit per kind that declares any
	 */
	public List<JobLimit> limits() {
		return List.copyOf(this.limits);
	}

	/**
	 * The recurring jobs {@link JobHandler#cron()} asks for, once singletons are ready.
	 * @return the entries, named after their kinds
	 */
	public List<CronEntry> cronEntries() {
		return List.copyOf(this.cronEntries);
	}

}
