package dev.jobs.spring.autoconfigure;

import dev.jobs.engine.Supervisor;
import dev.jobs.engine.SupervisorBuilder;

/**
 * Adjusts the auto-configured {@link Supervisor} before it is built, for settings that
 * have no {@code jobs.*} property (a clock, a notifier, completer tuning). Customizers
 * apply in {@link org.springframework.core.annotation.Order order}, after the properties.
 */
@FunctionalInterface
public interface SupervisorCustomizer {

	void customize(SupervisorBuilder builder);

}
