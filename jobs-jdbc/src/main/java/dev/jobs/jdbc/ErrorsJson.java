package dev.jobs.jdbc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.jobs.JobError;
import dev.jobs.JobsException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A job's error history as stored: a JSON array of {@code {"attempt": 1, "at":
 * "2026-01-01T00:00:00Z", "error": "...", "trace": "...", "node": "...", "started":
 * "2026-01-01T00:00:00Z"}}, where {@code node} and {@code started} (the failed attempt's
 * node and start) are absent from errors written by earlier versions and from errors no
 * attempt caused.
 */
final class ErrorsJson {

	static final String EMPTY = "[]";

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private ErrorsJson() {
	}

	static List<JobError> read(@Nullable String json) {
		if (json == null || json.equals(EMPTY)) {
			return List.of();
		}
		try {
			JsonNode array = mapper.readTree(json);
			List<JobError> errors = new ArrayList<>(array.size());
			for (JsonNode error : array) {
				String started = text(error, "started");
				errors.add(new JobError(error.path("attempt").asInt(), Instant.parse(error.path("at").asString()),
						error.path("error").asString(), text(error, "trace"), text(error, "node"),
						(started != null) ? Instant.parse(started) : null));
			}
			return errors;
		}
		catch (JacksonException | IllegalArgumentException | java.time.DateTimeException ex) {
			throw new JobsException("A job's stored errors are not the JSON array the store writes: " + json, ex);
		}
	}

	private static @Nullable String text(JsonNode error, String field) {
		JsonNode value = error.get(field);
		return (value != null && !value.isNull()) ? value.asString() : null;
	}

	/**
	 * One error as a JSON object.
	 * @param error the error
	 * @return the JSON text
	 */
	static String write(JobError error) {
		return toNode(error).toString();
	}

	/**
	 * A history with one more error.
	 * @param json the stored history
	 * @param error the error to append
	 * @return the new history as JSON text
	 */
	static String append(@Nullable String json, JobError error) {
		ArrayNode array = (json == null || json.equals(EMPTY)) ? mapper.createArrayNode()
				: (ArrayNode) mapper.readTree(json);
		array.add(toNode(error));
		return array.toString();
	}

	/**
	 * A history as JSON text.
	 * @param errors the history
	 * @param next one more error at its end
	 * @return the JSON array text
	 */
	static String writeAll(List<JobError> errors, JobError next) {
		ArrayNode array = mapper.createArrayNode();
		errors.forEach((error) -> array.add(toNode(error)));
		array.add(toNode(next));
		return array.toString();
	}

	private static ObjectNode toNode(JobError error) {
		ObjectNode node = mapper.createObjectNode();
		node.put("attempt", error.attempt());
		node.put("at", Jdbc.text(error.at()));
		node.put("error", error.error());
		node.put("trace", error.trace());
		// Only errors of an attempt know its node and start; older histories lack both.
		if (error.node() != null) {
			node.put("node", error.node());
		}
		if (error.startedAt() != null) {
			node.put("started", Jdbc.text(error.startedAt()));
		}
		return node;
	}

}
