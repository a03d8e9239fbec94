package dev.jobs;

import java.lang.reflect.Type;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Args as JSON through a Jackson 3 mapper. The mapper's own settings apply; it never
 * enables polymorphic default typing, so stored args can bind only to the type declared
 * by the handler.
 */
public final class JacksonArgsCodec implements ArgsCodec {

	private final JsonMapper mapper;

	/**
	 * Handlers have few types and every job is bound: resolving a type once per handler,
	 * not per job, counts.
	 */
	private final Map<Type, JavaType> types = new ConcurrentHashMap<>();

	public JacksonArgsCodec() {
		this(JsonMapper.builder().findAndAddModules().build());
	}

	public JacksonArgsCodec(JsonMapper mapper) {
		this.mapper = Objects.requireNonNull(mapper, "mapper must not be null");
	}

	@Override
	public String serialize(Object args) {
		if (args == null) {
			return "{}";
		}
		try {
			return this.mapper.writeValueAsString(args);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(
					"Job args of type " + args.getClass().getName() + " cannot be serialized to JSON: "
							+ ex.getOriginalMessage() + "; pass a record, a POJO with getters, a Map or a JsonNode",
					ex);
		}
	}

	@Override
	public Object bind(String json, Type type) {
		JavaType javaType = this.types.computeIfAbsent(type, this.mapper::constructType);
		try {
			if (javaType.isTypeOrSubTypeOf(JsonNode.class)) {
				return this.mapper.readTree(json);
			}
			return this.mapper.readValue(json, javaType);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(
					"Job args do not bind to " + javaType.toCanonical() + ": " + ex.getOriginalMessage(), ex);
		}
	}

}
