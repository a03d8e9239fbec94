package dev.jobs.spring.later;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;

import dev.jobs.DiscardJobException;
import dev.jobs.JobContext;
import dev.jobs.JobWorker;
import dev.jobs.spring.handler.BeanMethods;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Runs a {@link MethodCall}: finds the bean and the method, reads the arguments back from
 * JSON and calls the method through the bean (its proxy, if any). What is missing on this
 * node discards the job, naming it: retrying cannot bring it back.
 */
final class MethodCallWorker implements JobWorker<MethodCall> {

	private final BeanFactory beans;

	private final JsonMapper mapper;

	private final @Nullable ClassLoader classLoader;

	MethodCallWorker(BeanFactory beans, JsonMapper mapper) {
		this.beans = beans;
		this.mapper = mapper;
		this.classLoader = (beans instanceof ConfigurableBeanFactory configurable) ? configurable.getBeanClassLoader()
				: ClassUtils.getDefaultClassLoader();
	}

	@Override
	public void work(MethodCall call, JobContext context) throws Exception {
		Class<?> type = load(call, call.type());
		Class<?>[] parameterTypes = new Class<?>[call.parameterTypes().size()];
		for (int i = 0; i < parameterTypes.length; i++) {
			parameterTypes[i] = load(call, call.parameterTypes().get(i));
		}
		Method method;
		try {
			method = type.getMethod(call.method(), parameterTypes);
		}
		catch (NoSuchMethodException ex) {
			throw new DiscardJobException("No public method " + call.describe() + " on " + type.getName()
					+ " on this worker; it was renamed or removed since the call was enqueued");
		}
		if (Modifier.isStatic(method.getModifiers()) || call.args().size() != parameterTypes.length) {
			throw new DiscardJobException("Method " + call.describe() + " on this worker does not match the call");
		}
		// What MethodJobs can enqueue, checked again here: a row written into the jobs
		// table by other means must not call the framework's own beans, or methods whose
		// result a job would drop.
		if (method.getReturnType() != void.class || isFrameworkType(type)) {
			throw new DiscardJobException("Method " + call.describe() + " cannot run as a method call job: only "
					+ "void methods of the application's own beans can");
		}
		Object bean;
		try {
			bean = this.beans.getBean(type);
		}
		catch (BeansException ex) {
			throw new DiscardJobException("No bean of type " + type.getName() + " on this worker for " + call.describe()
					+ ": " + ex.getMessage());
		}
		Object[] args = new Object[parameterTypes.length];
		List<java.lang.reflect.Type> generic = List.of(method.getGenericParameterTypes());
		for (int i = 0; i < args.length; i++) {
			try {
				args[i] = this.mapper.treeToValue(call.args().get(i), this.mapper.constructType(generic.get(i)));
			}
			catch (JacksonException ex) {
				throw new DiscardJobException("Argument " + (i + 1) + " of " + call.describe() + " no longer binds to "
						+ generic.get(i).getTypeName() + ": " + ex.getOriginalMessage());
			}
		}
		BeanMethods.invoke(method, bean, args);
	}

	private static boolean isFrameworkType(Class<?> type) {
		String name = type.getName();
		return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jakarta.")
				|| name.startsWith("org.springframework.");
	}

	private Class<?> load(MethodCall call, String name) {
		try {
			return ClassUtils.forName(name, this.classLoader);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			throw new DiscardJobException("No class " + name + " on this worker for " + call.describe());
		}
	}

	@Override
	public String toString() {
		return "method calls (" + MethodJobs.KIND + ")";
	}

}
