package dev.jobs;

import java.lang.reflect.Type;

/**
 * Turns job args into JSON to store at enqueue, and stored JSON into the parameter type
 * of a handler.
 */
public interface ArgsCodec {

	/**
	 * Serialize args to JSON.
	 * @param args the args; {@code null} becomes an empty object
	 * @return the JSON
	 * @throws IllegalArgumentException if the args cannot be serialized
	 */
	String serialize(Object args);

	/**
	 * Bind JSON to a type.
	 * @param json stored args
	 * @param type the handler's parameter type
	 * @return the bound value
	 * @throws IllegalArgumentException if the JSON does not bind to the type
	 */
	Object bind(String json, Type type);

}
