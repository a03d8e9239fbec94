package dev.jobs.spring.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.jobs.engine.SupervisorBuilder;
import dev.jobs.limit.JobLimit;
import dev.jobs.limit.RateLimit;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The limits configured under {@code jobs.limits} and {@code jobs.node.concurrency},
 * checked at start-up: a bad value fails naming its property.
 */
final class JobsLimitSettings {

	private JobsLimitSettings() {
	}

	/**
	 * Give the builder the limits of the properties merged over those the handlers'
	 * annotations declare (known once singletons are ready, so asked for at start), and
	 * the node-wide cap. The properties are checked now.
	 * @param properties the properties
	 * @param annotated the limits declared on {@code @JobHandler} methods
	 * @param builder the builder
	 */
	static void applyTo(JobsProperties properties, Supplier<List<JobLimit>> annotated, SupervisorBuilder builder) {
		List<JobLimit> configured = limits(properties.getLimits());
		builder.limits(() -> merge(annotated.get(), configured));
		Integer nodeConcurrency = properties.getNode().getConcurrency();
		if (nodeConcurrency != null) {
			if (nodeConcurrency < 1) {
				throw new InvalidConfigurationPropertyValueException("jobs.node.concurrency", nodeConcurrency,
						"must be at least 1; leave it unset for no node-wide cap");
			}
			builder.nodeConcurrency(nodeConcurrency);
		}
	}

	static List<JobLimit> limits(Map<String, JobLimitProperties> configured) {
		List<JobLimit> limits = new ArrayList<>();
		configured.forEach((kind, properties) -> {
			String prefix = "jobs.limits." + kind;
			JobLimit limit = JobLimit.of(kind);
			if (properties.getConcurrency() != null) {
				limit = limit.concurrency(atLeastOne(prefix + ".concurrency", properties.getConcurrency()));
			}
			if (properties.getConcurrencyPerKey() != null) {
				limit = limit
					.concurrencyPerKey(atLeastOne(prefix + ".concurrency-per-key", properties.getConcurrencyPerKey()));
			}
			RateLimit rate = rate(prefix + ".rate", properties.getRate());
			if (rate != null) {
				limit = limit.rate(rate);
			}
			RateLimit ratePerKey = rate(prefix + ".rate-per-key", properties.getRatePerKey());
			if (ratePerKey != null) {
				limit = limit.ratePerKey(ratePerKey);
			}
			if (limit.isEmpty()) {
				throw new InvalidConfigurationPropertyValueException(prefix, kind, "limits nothing: set concurrency, "
						+ "concurrency-per-key, rate or rate-per-key, or remove it");
			}
			limits.add(limit);
		});
		return limits;
	}

	/**
	 * The annotations' limits with the properties' options over them, option by option.
	 * @param annotated the limits declared on handlers
	 * @param configured the limits of the properties
	 * @return one limit per kind
	 */
	static List<JobLimit> merge(List<JobLimit> annotated, List<JobLimit> configured) {
		Map<String, JobLimit> byKind = new LinkedHashMap<>();
		annotated.forEach((limit) -> byKind.put(limit.kind(), limit));
		for (JobLimit override : configured) {
			JobLimit base = byKind.get(override.kind());
			byKind.put(override.kind(),
					(base == null) ? override
							: new JobLimit(override.kind(), or(override.concurrency(), base.concurrency()),
									or(override.concurrencyPerKey(), base.concurrencyPerKey()),
									or(override.rate(), base.rate()), or(override.ratePerKey(), base.ratePerKey())));
		}
		return List.copyOf(byKind.values());
	}

	private static <T> @Nullable T or(@Nullable T value, @Nullable T otherwise) {
		return (value != null) ? value : otherwise;
	}

	private static int atLeastOne(String property, int value) {
		if (value < 1) {
			throw new InvalidConfigurationPropertyValueException(property, value,
					"must be at least 1; remove it for no limit");
		}
		return value;
	}

	private static @Nullable RateLimit rate(String property, @Nullable String value) {
		return (value != null) ? JobsSettings.check(property, value, () -> RateLimit.parse(value)) : null;
	}

}
