package dev.jobs.spring.autoconfigure;

import java.io.InputStream;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated configuration metadata, which IDEs show: every property is described, the
 * defaults it shows are the engine's constants that apply at run time, and each name
 * deprecated in 0.1.0 points at its replacement for Spring Boot's properties migrator.
 */
@ExtendWith(OutputCaptureExtension.class)
class JobsConfigurationMetadataTest {

	/**
	 * The names deprecated in 0.1.0, with the names that replace them.
	 */
	private static final Map<String, String> RENAMED = renamed();

	@Test
	void describesEveryProperty() throws Exception {
		JsonNode metadata = metadata();
		assertThat(metadata.get("properties").valueStream()).isNotEmpty()
			.allSatisfy((property) -> assertThat(property.path("description").asString())
				.as("description of %s", property.get("name").asString())
				.isNotBlank());
		assertThat(metadata.get("properties").valueStream())
			.filteredOn((property) -> property.get("type").asString().equals("java.lang.Boolean"))
			.allSatisfy((property) -> assertThat(property.get("description").asString()).startsWith("Whether"));
	}

	@Test
	void showsTheDefaultsThatApplyAtRunTime() throws Exception {
		Map<String, Object> shown = new LinkedHashMap<>();
		metadata().get("properties")
			.valueStream()
			.filter((property) -> property.has("defaultValue") && !property.has("deprecation"))
			.forEach((property) -> shown.put(property.get("name").asString(), property.get("defaultValue").asString()));
		assertThat(shown).containsKeys("jobs.poll-interval", "jobs.timeout", "jobs.retention.completed");
		JobsProperties fromMetadata = new Binder(new MapConfigurationPropertySource(shown))
			.bind("jobs", Bindable.of(JobsProperties.class))
			.get();
		JobsSettings expected = new JobsSettings(new JobsProperties());
		JobsSettings actual = new JobsSettings(fromMetadata);
		assertThat(actual.queues()).isEqualTo(expected.queues());
		assertThat(actual.client()).isEqualTo(expected.client());
		assertThat(actual.executor(false)).isEqualTo(expected.executor(false));
		assertThat(actual.maintenance()).isEqualTo(expected.maintenance());
		assertThat(actual.cronConfig()).isEqualTo(expected.cronConfig());
		assertThat(actual.memory()).isEqualTo(expected.memory());
		assertThat(actual.shutdownTimeout()).isEqualTo(expected.shutdownTimeout());
		assertThat(fromMetadata.getRetry().getDelay()).isEqualTo(new JobsProperties().getRetry().getDelay());
		assertThat(fromMetadata.getRetry().getMaxDelay()).isEqualTo(new JobsProperties().getRetry().getMaxDelay());
		assertThat(fromMetadata.getRetry().getJitter()).isEqualTo(new JobsProperties().getRetry().getJitter());
	}

	@Test
	void marksEachDeprecatedNameWithItsReplacementOfTheSameType() throws Exception {
		Map<String, JsonNode> properties = new LinkedHashMap<>();
		metadata().get("properties")
			.valueStream()
			.forEach((property) -> properties.put(property.get("name").asString(), property));
		Map<String, String> replacements = new LinkedHashMap<>();
		properties.values()
			.stream()
			.filter((property) -> property.path("deprecated").asBoolean())
			.forEach((property) -> replacements.put(property.get("name").asString(),
					property.path("deprecation").path("replacement").asString()));
		assertThat(replacements).containsExactlyInAnyOrderEntriesOf(RENAMED);
		RENAMED.forEach((deprecatedName, name) -> {
			JsonNode deprecated = properties.get(deprecatedName);
			// The migrator reports a key as renamed, and maps it, only at level warning
			// (the default) and when the replacement exists with the same type.
			assertThat(deprecated.path("deprecation").path("level").asString("warning")).as(deprecatedName)
				.isEqualTo("warning");
			assertThat(properties).as("replacement of %s", deprecatedName).containsKey(name);
			assertThat(properties.get(name).get("type").asString()).as("type of %s", name)
				.isEqualTo(deprecated.get("type").asString());
			assertThat(properties.get(name).has("deprecated")).as("%s deprecated", name).isFalse();
		});
	}

	@Test
	void springBootPropertiesMigratorReportsEachDeprecatedNameAsRenamed(CapturedOutput output) {
		String[] args = RENAMED.keySet().stream().map((name) -> "--" + name + "=" + value(name)).toArray(String[]::new);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Empty.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run(args)) {
			RENAMED.forEach((deprecatedName, name) -> assertThat(context.getEnvironment().getProperty(name))
				.as("%s mapped to %s", deprecatedName, name)
				.isEqualTo(value(deprecatedName)));
		}
		assertThat(output).contains("configuration keys that have been renamed").doesNotContain("no longer supported");
		RENAMED.forEach(
				(deprecatedName, name) -> assertThat(output).containsPattern("Key: " + Pattern.quote(deprecatedName)
						+ "\\R(\\s+Line: \\d+\\R)?\\s+Replacement: " + Pattern.quote(name) + "\\R"));
	}

	private static Map<String, String> renamed() {
		Map<String, String> renamed = new LinkedHashMap<>();
		renamed.put("jobs.node-id", "jobs.node.id");
		renamed.put("jobs.heartbeat-interval", "jobs.node.heartbeat-interval");
		renamed.put("jobs.rescue.node-expiry", "jobs.node.expiry");
		renamed.put("jobs.leader-ttl", "jobs.leader.ttl");
		renamed.put("jobs.stage-interval", "jobs.stager.interval");
		renamed.put("jobs.retention.interval", "jobs.pruner.interval");
		renamed.put("jobs.retry.base", "jobs.retry.delay");
		renamed.put("jobs.retry.max", "jobs.retry.max-delay");
		return renamed;
	}

	private static String value(String name) {
		return name.equals("jobs.node-id") ? "node-7" : "7s";
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

	/**
	 * This module's metadata: Spring Boot's own jars carry files of the same name, which
	 * must not stand in for a missing one.
	 */
	private static JsonNode metadata() throws Exception {
		URL ours = JobsProperties.class.getProtectionDomain().getCodeSource().getLocation();
		URL file = new URL(ours, "META-INF/spring-configuration-metadata.json");
		try (InputStream in = file.openStream()) {
			return JsonMapper.builder().build().readTree(in);
		}
	}

}
