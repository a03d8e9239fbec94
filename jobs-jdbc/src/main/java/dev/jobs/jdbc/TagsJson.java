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
		Map<String, String> plain = readPlainMeta(json);
		return (plain != null) ? plain : parseMeta(json);
	}

	/**
	 * Every claimed job of a traced application carries meta, nearly always one
	 * {@code traceparent}: a flat object of strings without escapes is read by hand,
	 * which costs a fraction of creating a parser for it (measured at 0.5 microseconds a
	 * row). Anything else (escapes, numbers, nulls, nesting, invalid JSON) goes to
	 * {@link #parseMeta}.
	 * @param json the column's text
	 * @return the entries, or {@code null} when the text is not such an object
	 */
	private static @Nullable Map<String, String> readPlainMeta(String json) {
		int at = skipSpaces(json, 0);
		if (at == json.length() || json.charAt(at) != '{') {
			return null;
		}
		at = skipSpaces(json, at + 1);
		if (at < json.length() && json.charAt(at) == '}') {
			return (skipSpaces(json, at + 1) == json.length()) ? Map.of() : null;
		}
		String firstName = null;
		String firstValue = null;
		Map<String, String> more = null;
		while (true) {
			int nameEnd = plainStringEnd(json, at);
			if (nameEnd < 0) {
				return null;
			}
			String name = json.substring(at + 1, nameEnd);
			at = skipSpaces(json, nameEnd + 1);
			if (at == json.length() || json.charAt(at) != ':') {
				return null;
			}
			at = skipSpaces(json, at + 1);
			int valueEnd = plainStringEnd(json, at);
			if (valueEnd < 0) {
				return null;
			}
			String value = json.substring(at + 1, valueEnd);
			if (firstName == null) {
				firstName = name;
				firstValue = value;
			}
			else {
				if (more == null) {
					more = new LinkedHashMap<>();
					more.put(firstName, firstValue);
				}
				more.put(name, value);
			}
			at = skipSpaces(json, valueEnd + 1);
			if (at == json.length()) {
				return null;
			}
			if (json.charAt(at) == '}') {
				if (skipSpaces(json, at + 1) != json.length()) {
					return null;
				}
				return (more != null) ? more : Map.of(firstName, firstValue);
			}
			if (json.charAt(at) != ',') {
				return null;
			}
			at = skipSpaces(json, at + 1);
		}
	}

	/**
	 * Where the string that opens at the given index closes.
	 * @return the index of its closing quote, or -1 unless a string opens there and holds
	 * neither an escape nor a control character
	 */
	private static int plainStringEnd(String json, int start) {
		if (start == json.length() || json.charAt(start) != '"') {
			return -1;
		}
		for (int at = start + 1; at < json.length(); at++) {
			char c = json.charAt(at);
			if (c == '"') {
				return at;
			}
			if (c == '\\' || c < 0x20) {
				return -1;
			}
		}
		return -1;
	}

	private static int skipSpaces(String json, int start) {
		int at = start;
		while (at < json.length() && isJsonSpace(json.charAt(at))) {
			at++;
		}
		return at;
	}

	private static boolean isJsonSpace(char c) {
		return c == ' ' || c == '\n' || c == '\r' || c == '\t';
	}

	/**
	 * Meta read by the JSON parser, whatever its shape.
	 * @param json the column's text
	 * @return the entries
	 */
	static Map<String, String> parseMeta(String json) {
		// Read the flat object token by token rather than build a tree of it.
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
