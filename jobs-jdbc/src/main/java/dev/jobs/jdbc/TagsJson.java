package dev.jobs.jdbc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.jobs.JobsException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
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
		// Every claimed job of a traced application carries meta: read the flat object
		// token by token rather than build a tree of it.
		Map<String, String> meta = new LinkedHashMap<>();
		try (JsonParser parser = mapper.createParser(json)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw invalid(json, "meta", null);
			}
			String name;
			while ((name = parser.nextName()) != null) {
				JsonToken value = parser.nextToken();
				if (value != null && value.isStructStart()) {
					// Never written by the store: skipped rather than failing every claim
					// of the queue over one hand-edited row.
					parser.skipChildren();
				}
				else if (value != null && value != JsonToken.VALUE_NULL) {
					meta.put(name, parser.getString());
				}
			}
		}
		catch (JacksonException ex) {
			throw invalid(json, "meta", ex);
		}
		return meta;
	}

	private static JsonNode parse(String json, String column) {
		try {
			return mapper.readTree(json);
		}
		catch (JacksonException ex) {
			throw invalid(json, column, ex);
		}
	}

	private static JobsException invalid(String json, String column, @Nullable JacksonException cause) {
		String message = "The job's " + column + " column holds invalid JSON: " + json;
		return (cause != null) ? new JobsException(message, cause) : new JobsException(message);
	}

}
