package dev.jobs;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The handlers this application knows, by kind. Thread-safe. The dispatcher uses it to
 * reject unknown kinds at enqueue and to apply each kind's defaults; the executor uses it
 * to run jobs.
 */
public final class HandlerRegistry {

	private final Map<String, HandlerDefinition> handlers = new ConcurrentHashMap<>();

	private final Set<String> builtIn = ConcurrentHashMap.newKeySet();

	/**
	 * Register a handler.
	 * @param definition the handler
	 * @return this registry
	 * @throws IllegalStateException if the kind already has a handler
	 */
	public HandlerRegistry register(HandlerDefinition definition) {
		HandlerDefinition existing = this.handlers.putIfAbsent(definition.kind(), definition);
		if (existing != null) {
			throw new IllegalStateException("Duplicate handler for job kind '" + definition.kind()
					+ "': each kind has exactly one handler; rename one of them");
		}
		return this;
	}

	/**
	 * Register a handler with no defaults of its own.
	 * @param <T> the args type
	 * @param kind the kind it runs
	 * @param argsType the class the args are bound to
	 * @param worker the code
	 * @return this registry
	 */
	public <T> HandlerRegistry register(String kind, Class<T> argsType, JobWorker<? super T> worker) {
		return register(HandlerDefinition.of(kind, argsType, worker));
	}

	/**
	 * Register a handler the library provides (such as the Spring starter's method
	 * calls). It runs like any other, but does not count for {@link #isEmpty()}: an
	 * application with no handlers of its own still enqueues any kind.
	 * @param definition the handler
	 * @return this registry
	 * @throws IllegalStateException if the kind already has a handler
	 */
	public HandlerRegistry registerBuiltIn(HandlerDefinition definition) {
		register(definition);
		this.builtIn.add(definition.kind());
		return this;
	}

	public Optional<HandlerDefinition> find(String kind) {
		return Optional.ofNullable(this.handlers.get(kind));
	}

	/**
	 * The kinds with a handler, sorted.
	 * @return the kinds
	 */
	public Set<String> kinds() {
		return Collections.unmodifiableSet(new TreeSet<>(this.handlers.keySet()));
	}

	/**
	 * Whether the application registered no handler of its own (built-in ones aside).
	 * @return whether it is empty
	 */
	public boolean isEmpty() {
		return this.handlers.size() == this.builtIn.size();
	}

}
