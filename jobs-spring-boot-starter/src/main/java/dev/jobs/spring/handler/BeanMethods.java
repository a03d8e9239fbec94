package dev.jobs.spring.handler;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;

/**
 * Calls a bean's method for a job, so that what the method throws reaches the engine as
 * itself (a retry, a discard, a snooze) and not wrapped in a reflection exception.
 */
public final class BeanMethods {

	private BeanMethods() {
	}

	/**
	 * Call a method, throwing what it throws; a public method of a class that is not
	 * public (a package-private bean) is made accessible first.
	 * @param method the method
	 * @param bean the bean to call it on
	 * @param args its arguments
	 * @return what it returned
	 * @throws Exception what the method threw
	 */
	public static @Nullable Object invoke(Method method, Object bean, @Nullable Object... args) throws Exception {
		ReflectionUtils.makeAccessible(method);
		try {
			return method.invoke(bean, args);
		}
		catch (InvocationTargetException ex) {
			Throwable cause = ex.getTargetException();
			if (cause instanceof Exception exception) {
				throw exception;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

}
