package dev.jobs.spring.later;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

import dev.jobs.HandlerDefinition;
import dev.jobs.HandlerRegistry;
import dev.jobs.JobDispatcher;
import dev.jobs.JobRequest;
import org.aopalliance.intercept.MethodInterceptor;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Enqueues a method call on a bean as a job, with no handler to declare:
 *
 * <pre>{@code
 * methodJobs.later(Mailer.class).sendWelcome(userId);
 * }</pre>
 *
 * The call returns at once: it enqueues a job of kind {@value #KIND} (in the caller's
 * transaction, like any enqueue) whose args name the type, the method and the arguments,
 * snapshotted as JSON with the application's mapper. A worker calls the method on its
 * bean of that type, through the bean's proxy (so {@code @Transactional} applies), with
 * the arguments read back from JSON.
 * <p>
 * Arguments that cannot be stored (not serializable to JSON, or not readable back as the
 * parameter's type) fail the call at once, naming the method and the parameter. On the
 * worker, a missing class, bean or method, or arguments that no longer bind, discard the
 * job with an error naming what is missing; an exception from the method fails the
 * attempt and is retried like any job.
 */
public final class MethodJobs {

	/** The kind of the jobs this enqueues, handled by every node with this bean. */
	public static final String KIND = "method_call";

	private final JobDispatcher dispatcher;

	private final JsonMapper mapper;

	public MethodJobs(JobDispatcher dispatcher, HandlerRegistry handlers, BeanFactory beans, JsonMapper mapper) {
		this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher must not be null");
		this.mapper = Objects.requireNonNull(mapper, "mapper must not be null");
		handlers.registerBuiltIn(HandlerDefinition.of(KIND, MethodCall.class, new MethodCallWorker(beans, mapper)));
	}

	/**
	 * A proxy of the type whose method calls are enqueued as jobs instead of running.
	 * @param <T> the type
	 * @param type a bean type: a class (not final) or an interface
	 * @return the proxy; its methods return {@code void}
	 */
	public <T> T later(Class<T> type) {
		return later(type, UnaryOperator.identity());
	}

	/**
	 * A proxy whose calls are enqueued with options, such as
	 * {@code later(Mailer.class, (job) -> job.queue("emails").delay(Duration.ofMinutes(5)))}.
	 * @param <T> the type
	 * @param type a bean type: a class (not final) or an interface
	 * @param options sets the queue, delay, priority and other options of each job
	 * @return the proxy; its methods return {@code void}
	 */
	public <T> T later(Class<T> type, UnaryOperator<JobRequest> options) {
		Objects.requireNonNull(type, "type must not be null");
		Objects.requireNonNull(options, "options must not be null");
		if (Modifier.isFinal(type.getModifiers())) {
			throw new IllegalArgumentException("Cannot enqueue calls on final class " + type.getName()
					+ ": call it through an interface it " + "implements, or remove 'final'");
		}
		ProxyFactory factory = new ProxyFactory();
		if (type.isInterface()) {
			factory.addInterface(type);
		}
		else {
			factory.setTargetClass(type);
			factory.setProxyTargetClass(true);
		}
		factory.addAdvice((MethodInterceptor) (invocation) -> {
			Method method = invocation.getMethod();
			if (method.getDeclaringClass() == Object.class) {
				return (method.getName().equals("toString")) ? "later(" + type.getName() + ")" : invocation.proceed();
			}
			this.dispatcher.enqueue(options.apply(JobRequest.of(KIND, call(type, method, invocation.getArguments()))));
			return null;
		});
		@SuppressWarnings("unchecked")
		T proxy = (T) factory.getProxy(type.getClassLoader());
		return proxy;
	}

	private MethodCall call(Class<?> type, Method method, Object[] arguments) {
		String where = type.getSimpleName() + "." + method.getName() + "("
				+ String.join(", ", Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).toList()) + ")";
		if (method.getReturnType() != void.class) {
			throw new IllegalArgumentException(
					"Cannot enqueue a call of " + where + ": it returns " + method.getReturnType().getSimpleName()
							+ ", and a call that runs later has no result to " + "return; enqueue void methods");
		}
		List<JsonNode> args = new ArrayList<>(arguments.length);
		for (int i = 0; i < arguments.length; i++) {
			JavaType parameterType = this.mapper.constructType(method.getGenericParameterTypes()[i]);
			JsonNode arg;
			try {
				arg = this.mapper.valueToTree(arguments[i]);
				// Read it back now: an argument the worker could not read would only
				// fail there, much later.
				this.mapper.treeToValue(arg, parameterType);
			}
			catch (JacksonException | IllegalArgumentException ex) {
				throw new IllegalArgumentException("Cannot enqueue a call of " + where + ": argument " + (i + 1) + " ("
						+ ((arguments[i] != null) ? arguments[i].getClass().getName() : "null")
						+ ") cannot be stored as JSON and read back as " + parameterType.toCanonical() + ": "
						+ ex.getMessage() + "; pass plain values or records (an id rather than an entity)", ex);
			}
			args.add(arg);
		}
		List<String> parameterTypes = Arrays.stream(method.getParameterTypes()).map(Class::getName).toList();
		return new MethodCall(ClassUtils.getUserClass(type).getName(), method.getName(), parameterTypes, args);
	}

}
