package dev.jobs.spring.handler;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import dev.jobs.DiscardHook;
import dev.jobs.HandlerDefinition;
import dev.jobs.Job;
import dev.jobs.JobContext;
import dev.jobs.JobError;
import dev.jobs.JobRequest;
import dev.jobs.JobWorker;
import dev.jobs.engine.CronEntry;
import dev.jobs.limit.JobLimit;
import dev.jobs.limit.RateLimit;
import dev.jobs.retry.RetryPolicy;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.ResolvableType;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

/**
 * One {@link JobHandler} method of one bean: checks its signature, and turns it into a
 * {@link HandlerDefinition} whose worker invokes the method through the bean (its proxy,
 * if any, so that advice such as {@code @Transactional} applies).
 */
final class JobHandlerMethod {

	private final String beanName;

	private final Object bean;

	private final Class<?> targetClass;

	private final Method method;

	private final Attributes attributes;

	private final Type argsType;

	private final int argsIndex;

	private final int contextIndex;

	private JobHandlerMethod(String beanName, Object bean, Class<?> targetClass, Method method, Attributes attributes,
			Type argsType, int argsIndex, int contextIndex) {
		this.beanName = beanName;
		this.bean = bean;
		this.targetClass = targetClass;
		this.method = method;
		this.attributes = attributes;
		this.argsType = argsType;
		this.argsIndex = argsIndex;
		this.contextIndex = contextIndex;
	}

	/**
	 * Check a handler method's signature.
	 * @param beanName the bean's name
	 * @param bean the bean, possibly a proxy
	 * @param targetClass the class behind the proxy, where the annotation was found
	 * @param method the annotated method, on the target class
	 * @param annotation the annotation
	 * @param resolver resolves {@code ${...}} placeholders in the annotation's attributes
	 * @return the handler method
	 * @throws IllegalStateException naming the bean, the method and the fix, if the
	 * method cannot be a handler
	 */
	static JobHandlerMethod of(String beanName, Object bean, Class<?> targetClass, Method method, JobHandler annotation,
			UnaryOperator<String> resolver) {
		String where = describe(beanName, method);
		Attributes attributes = Attributes.of(annotation, resolver);
		if (!StringUtils.hasText(attributes.kind())) {
			throw new IllegalStateException(
					where + " has a blank @JobHandler kind; name the kind, such as " + "@JobHandler(\"send_email\")");
		}
		if (Modifier.isStatic(method.getModifiers())) {
			throw new IllegalStateException(where + " is static; @JobHandler methods must be instance methods");
		}
		if (Modifier.isPrivate(method.getModifiers())) {
			throw new IllegalStateException(
					where + " is private and cannot be invoked through the bean's proxy; make it public");
		}
		if (Modifier.isFinal(method.getModifiers()) && AopUtils.isCglibProxy(bean)) {
			// CGLIB cannot override a final method: it would run on the proxy itself,
			// whose fields are empty.
			throw new IllegalStateException(where + " is final on a proxied bean, so it would run without the bean's "
					+ "state and advice (such as @Transactional); remove 'final'");
		}
		int argsIndex = -1;
		int contextIndex = -1;
		Type argsType = JsonNode.class;
		Class<?>[] types = method.getParameterTypes();
		for (int i = 0; i < types.length; i++) {
			if (JobContext.class.equals(types[i])) {
				if (contextIndex >= 0) {
					throw new IllegalStateException(where + " takes JobContext twice; take it once");
				}
				contextIndex = i;
				continue;
			}
			if (argsIndex >= 0) {
				throw new IllegalStateException(where + " takes more than one args parameter (parameters "
						+ (argsIndex + 1) + " and " + (i + 1) + "); a handler takes one args parameter bound from "
						+ "the job's JSON, plus an optional JobContext: gather the values in a record");
			}
			if (types[i].isPrimitive()) {
				throw new IllegalStateException(where + " takes a primitive " + types[i].getName()
						+ "; job args are a JSON document: take a record such as record Args(" + types[i].getName()
						+ " value) instead");
			}
			argsIndex = i;
			argsType = argsType(method, i, targetClass);
		}
		return new JobHandlerMethod(beanName, bean, targetClass, method, attributes, argsType, argsIndex, contextIndex);
	}

	private static Type argsType(Method method, int index, Class<?> targetClass) {
		ResolvableType type = ResolvableType.forMethodParameter(method, index, targetClass);
		return (type.getType() instanceof TypeVariable<?>) ? type.resolve(Object.class) : type.getType();
	}

	String kind() {
		return this.attributes.kind();
	}

	String describe() {
		return describe(this.beanName, this.method);
	}

	/**
	 * The handler definition, with the annotation's options.
	 * @param retryPolicies finds a retry policy bean by name
	 * @return the definition
	 */
	HandlerDefinition definition(Function<String, RetryPolicy> retryPolicies) {
		Method invocable = invocableMethod();
		HandlerDefinition definition = new HandlerDefinition(kind(), this.argsType, new MethodWorker(invocable), null,
				null, null, null, null, null);
		if (StringUtils.hasText(this.attributes.queue())) {
			definition = option("queue", this.attributes.queue(), definition, this.attributes.queue(),
					HandlerDefinition::queue);
		}
		if (this.attributes.priority() != 0) {
			definition = option("priority", this.attributes.priority(), definition, this.attributes.priority(),
					HandlerDefinition::priority);
		}
		if (this.attributes.maxAttempts() != 0) {
			definition = option("maxAttempts", this.attributes.maxAttempts(), definition, this.attributes.maxAttempts(),
					HandlerDefinition::maxAttempts);
		}
		if (StringUtils.hasText(this.attributes.timeout())) {
			Duration timeout = parse("timeout", this.attributes.timeout(),
					() -> DurationStyle.detectAndParse(this.attributes.timeout()),
					"use a duration such as \"30s\", \"5m\" or \"PT1H\"");
			definition = option("timeout", this.attributes.timeout(), definition, timeout, HandlerDefinition::timeout);
		}
		if (StringUtils.hasText(this.attributes.retry())) {
			RetryPolicy policy;
			try {
				policy = retryPolicies.apply(this.attributes.retry());
			}
			catch (RuntimeException ex) {
				throw new IllegalStateException(describe() + ": " + ex.getMessage(), ex);
			}
			definition = definition.retryPolicy(policy);
		}
		if (StringUtils.hasText(this.attributes.onDiscard())) {
			definition = definition.onDiscard(discardHook(this.attributes.onDiscard()));
		}
		return definition;
	}

	/**
	 * The bean's method named by {@code onDiscard}: public, taking any of the job
	 * ({@link Job}), its args (the handler's args type) and its last error
	 * ({@link JobError}), in any order.
	 */
	private DiscardHook<Object> discardHook(String name) {
		List<Method> candidates = Arrays.stream(ReflectionUtils.getUniqueDeclaredMethods(this.targetClass))
			.filter((candidate) -> candidate.getName().equals(name))
			.toList();
		String fix = "declare one public method " + name + " on the bean taking any of Job, the args ("
				+ ResolvableType.forType(this.argsType).resolve(Object.class).getSimpleName() + ") and JobError";
		if (candidates.size() != 1) {
			throw new IllegalStateException(describe() + " names onDiscard method '" + name + "', but the bean's class "
					+ this.targetClass.getName() + " has " + candidates.size() + " methods of that name; " + fix);
		}
		Method hook = candidates.get(0);
		if (Modifier.isStatic(hook.getModifiers()) || Modifier.isPrivate(hook.getModifiers())) {
			throw new IllegalStateException(
					describe() + " names onDiscard method '" + name + "', which is static or private; " + fix);
		}
		Class<?> argsClass = ResolvableType.forType(this.argsType).resolve(Object.class);
		Class<?>[] types = hook.getParameterTypes();
		int[] roles = new int[types.length];
		for (int i = 0; i < types.length; i++) {
			if (Job.class.equals(types[i])) {
				roles[i] = 0;
			}
			else if (JobError.class.equals(types[i])) {
				roles[i] = 1;
			}
			else if (types[i].isAssignableFrom(argsClass)) {
				roles[i] = 2;
			}
			else {
				throw new IllegalStateException(describe() + " names onDiscard method '" + name + "', whose parameter "
						+ (i + 1) + " (" + types[i].getSimpleName() + ") is none of those; " + fix);
			}
		}
		Method invocable;
		try {
			invocable = AopUtils.selectInvocableMethod(hook, this.bean.getClass());
			ReflectionUtils.makeAccessible(invocable);
		}
		catch (IllegalStateException ex) {
			throw new IllegalStateException(describe() + " names onDiscard method '" + name
					+ "', which cannot be invoked on the bean's proxy: " + ex.getMessage(), ex);
		}
		String description = describe(this.beanName, hook);
		return new DiscardHook<>() {

			@Override
			public void discarded(Job job, @Nullable Object args, JobError error) throws Exception {
				Object[] values = new Object[roles.length];
				for (int i = 0; i < roles.length; i++) {
					values[i] = switch (roles[i]) {
						case 0 -> job;
						case 1 -> error;
						default -> args;
					};
				}
				BeanMethods.invoke(invocable, JobHandlerMethod.this.bean, values);
			}

			@Override
			public String toString() {
				return description.replace("@JobHandler method", "onDiscard method");
			}

		};
	}

	/**
	 * The recurring job the annotation asks for, if any: one job of this kind, with empty
	 * args, at each tick.
	 * @return the entry, named after the kind, or {@code null}
	 */
	@Nullable CronEntry cronEntry() {
		if (!StringUtils.hasText(this.attributes.cron())) {
			if (StringUtils.hasText(this.attributes.cronZone())) {
				throw new IllegalStateException(describe() + " sets cronZone but no cron; set both or neither");
			}
			return null;
		}
		ZoneId zone = StringUtils.hasText(this.attributes.cronZone()) ? parse("cronZone", this.attributes.cronZone(),
				() -> ZoneId.of(this.attributes.cronZone()), "use a zone id such as \"UTC\" or \"Europe/Paris\"")
				: ZoneId.systemDefault();
		SpringCronSchedule schedule = parse("cron", this.attributes.cron(),
				() -> SpringCronSchedule.of(this.attributes.cron(), zone),
				"use five fields such as \"*/5 * * * *\", six fields (seconds first) such as \"0 */5 * * * *\", "
						+ "or a macro such as \"@hourly\"");
		return new CronEntry(kind(), schedule, JobRequest.of(kind(), null));
	}

	/**
	 * The cluster-wide limits the annotation declares, if any.
	 * @return the kind's limit, or {@code null} when the annotation sets none
	 */
	@Nullable JobLimit limit() {
		JobLimit limit = JobLimit.of(kind());
		if (this.attributes.concurrency() != 0) {
			limit = limit.concurrency(atLeastOne("concurrency", this.attributes.concurrency()));
		}
		if (this.attributes.concurrencyPerKey() != 0) {
			limit = limit.concurrencyPerKey(atLeastOne("concurrencyPerKey", this.attributes.concurrencyPerKey()));
		}
		if (StringUtils.hasText(this.attributes.rate())) {
			limit = limit.rate(rate("rate", this.attributes.rate()));
		}
		if (StringUtils.hasText(this.attributes.ratePerKey())) {
			limit = limit.ratePerKey(rate("ratePerKey", this.attributes.ratePerKey()));
		}
		return limit.isEmpty() ? null : limit;
	}

	private int atLeastOne(String attribute, int value) {
		if (value < 1) {
			throw new IllegalStateException(describe() + " has an invalid @JobHandler " + attribute + " '" + value
					+ "': must be at least 1; leave it out (0) for no limit");
		}
		return value;
	}

	private RateLimit rate(String attribute, String value) {
		try {
			return RateLimit.parse(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(
					describe() + " has an invalid @JobHandler " + attribute + " '" + value + "': " + ex.getMessage(),
					ex);
		}
	}

	private Method invocableMethod() {
		try {
			Method invocable = AopUtils.selectInvocableMethod(this.method, this.bean.getClass());
			ReflectionUtils.makeAccessible(invocable);
			return invocable;
		}
		catch (IllegalStateException ex) {
			throw new IllegalStateException(describe() + " cannot be invoked on the bean's proxy: " + ex.getMessage()
					+ "; declare the method on an interface the bean implements, or proxy the class "
					+ "(spring.aop.proxy-target-class=true)", ex);
		}
	}

	private <T> T parse(String attribute, String value, ParseAction<T> action, String fix) {
		try {
			return action.parse();
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException(describe() + " has an invalid @JobHandler " + attribute + " '" + value
					+ "': " + ex.getMessage() + "; " + fix, ex);
		}
	}

	private <T> HandlerDefinition option(String attribute, Object raw, HandlerDefinition definition, T value,
			OptionSetter<T> setter) {
		try {
			return setter.set(definition, value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(
					describe() + " has an invalid @JobHandler " + attribute + " '" + raw + "': " + ex.getMessage(), ex);
		}
	}

	private static String describe(String beanName, Method method) {
		String parameters = Arrays.stream(method.getParameterTypes())
			.map(Class::getSimpleName)
			.collect(Collectors.joining(", "));
		return "@JobHandler method " + method.getDeclaringClass().getName() + "." + method.getName() + "(" + parameters
				+ ") of bean '" + beanName + "'";
	}

	/**
	 * The annotation's attributes, with placeholders resolved.
	 */
	private record Attributes(String kind, String queue, int priority, int maxAttempts, String timeout, String retry,
			String cron, String cronZone, String onDiscard, int concurrency, int concurrencyPerKey, String rate,
			String ratePerKey) {

		static Attributes of(JobHandler annotation, UnaryOperator<String> resolver) {
			return new Attributes(resolver.apply(annotation.value()), resolver.apply(annotation.queue()),
					annotation.priority(), annotation.maxAttempts(), resolver.apply(annotation.timeout()),
					resolver.apply(annotation.retry()), resolver.apply(annotation.cron()),
					resolver.apply(annotation.cronZone()), resolver.apply(annotation.onDiscard()),
					annotation.concurrency(), annotation.concurrencyPerKey(), resolver.apply(annotation.rate()),
					resolver.apply(annotation.ratePerKey()));
		}

	}

	@FunctionalInterface
	private interface ParseAction<T> {

		T parse();

	}

	@FunctionalInterface
	private interface OptionSetter<T> {

		HandlerDefinition set(HandlerDefinition definition, T value);

	}

	/**
	 * Invokes the method with the bound args and the context in their positions. The
	 * method's own exception is thrown as it is, so that the job's error history records
	 * the real cause and discard and snooze requests work.
	 */
	private final class MethodWorker implements JobWorker<Object> {

		private final Method invocable;

		private final int parameterCount;

		MethodWorker(Method invocable) {
			this.invocable = invocable;
			this.parameterCount = invocable.getParameterCount();
		}

		@Override
		public void work(Object args, JobContext context) throws Exception {
			workForResult(args, context);
		}

		/**
		 * Call the method; what it returns is the job's result ({@code null} for a
		 * {@code void} method).
		 */
		@Override
		public @Nullable Object workForResult(Object args, JobContext context) throws Exception {
			Object[] values = new Object[this.parameterCount];
			if (JobHandlerMethod.this.argsIndex >= 0) {
				values[JobHandlerMethod.this.argsIndex] = args;
			}
			if (JobHandlerMethod.this.contextIndex >= 0) {
				values[JobHandlerMethod.this.contextIndex] = context;
			}
			return BeanMethods.invoke(this.invocable, JobHandlerMethod.this.bean, values);
		}

		@Override
		public String toString() {
			return describe();
		}

	}

}
