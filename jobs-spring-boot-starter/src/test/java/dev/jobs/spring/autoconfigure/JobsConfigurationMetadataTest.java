package dev.jobs.spring.autoconfigure;

import java.io.InputStream;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated configuration metadata, which IDEs show: every property is described, and
 * the defaults it shows are the engine's constants that apply at run time.
 */
class JobsConfigurationMetadataTest {

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
			.filter((property) -> property.has("defaultValue"))
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
		assertThat(fromMetadata.getRetry().getBase()).isEqualTo(new JobsProperties().getRetry().getBase());
		assertThat(fromMetadata.getRetry().getMax()).isEqualTo(new JobsProperties().getRetry().getMax());
		assertThat(fromMetadata.getRetry().getJitter()).isEqualTo(new JobsProperties().getRetry().getJitter());
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
