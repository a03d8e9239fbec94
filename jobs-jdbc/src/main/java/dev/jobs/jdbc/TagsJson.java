package dev.jobs.jdbc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.jobs.JobsException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job's tags and meta as stored: a JSON array of strings and a JSON object of strings,
 * or {@code NULL} for none.
 */
final class TagsJson {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private TagsJson() {
	}

	static String writeTags(List<String> tags) {
		return mapper.writeValueAsString(tags);
	}

	static String writeMeta(Map<String, String> meta) {
		return mapper.writeValueAsString(meta);
	}

	static List<String> readTags(@Nullable String json) {
		if (json == null) {
			return List.of();
		}
		JsonNode array = parse(json, "tags");
		List<String> tags = new ArrayList<>(array.size());
		array.forEach((tag) -> tags.add(tag.asString()));
		return tags;
	}

	static Map<String, String> readMeta(@Nullable String json) {
		if (json == null) {
			return Map.of();
		}
		Map<String, String> meta = new LinkedHashMap<>();
		parse(json, "meta").properties().forEach((entry) -> meta.put(entry.getKey(), entry.getValue().asString()));
		return meta;
	}

	private static JsonNode parse(String json, String column) {
		try {
			return mapper.readTree(json);
		}
		catch (JacksonException ex) {
			throw new JobsException("The job's " + column + " column holds invalid JSON: " + json, ex);
		}
	}

}
