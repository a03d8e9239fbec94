package dev.jobs.jdbc;

import java.util.List;
import java.util.Map;

import dev.jobs.JobsException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A job's tags and meta as the store writes and reads them.
 */
class TagsJsonTest {

	@Test
	void metaReadsBackAsWritten() {
		Map<String, String> meta = Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
				"quoted", "a \"b\" \\ c", "empty", "");
		assertThat(TagsJson.readMeta(TagsJson.writeMeta(meta))).isEqualTo(meta);
		assertThat(TagsJson.readMeta("{}")).isEmpty();
		assertThat(TagsJson.readMeta(null)).isEmpty();
	}

	@Test
	void plainMetaReadByHandAsTheParserReadsIt() {
		String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
		// As PostgreSQL renders jsonb, as Jackson writes it (H2, MariaDB), and shapes the
		// hand-read path must either read alike or leave to the parser.
		List<String> texts = List.of("{\"traceparent\": \"" + traceparent + "\"}",
				"{\"traceparent\":\"" + traceparent + "\"}", " {\n\t\"a\" : \"1\" ,\r\n \"b\":\"\" } ",
				"{\"a\": \"1\", \"a\": \"2\"}", "{\"a\": \"1\", \"b\": \"2\", \"c\": \"tenant:42\"}",
				"{\"a\": \"caf\u00e9 \u4e2d\"}", "{\"a\": \"x\\\"y\"}", "{\"a\": \"\\u0041\"}",
				"{\"a\": 1, \"b\": \"2\"}", "{\"a\": \"1\", \"b\": null}", "{\"a\": \"1\", \"b\": {\"c\": \"d\"}}",
				"{\"a\": \"1\"} trailing", "{}", " { } ");
		for (String json : texts) {
			assertThat(TagsJson.readMeta(json)).as(json).isEqualTo(TagsJson.parseMeta(json));
		}
		assertThat(TagsJson.readMeta(texts.get(0))).containsExactly(Map.entry("traceparent", traceparent));
		assertThat(TagsJson.readMeta(texts.get(3))).containsExactly(Map.entry("a", "2"));
		assertThat(TagsJson.readMeta(texts.get(7))).containsExactly(Map.entry("a", "A"));
	}

	@Test
	void metaValuesThatAreNotTextAreReadAsTextAndNullsAndNestedValuesLeftOut() {
		assertThat(TagsJson.readMeta("{\"n\": 42, \"flag\": true, \"gone\": null, \"a\": {\"b\": [1]}, \"c\": [1, 2]}"))
			.containsExactlyInAnyOrderEntriesOf(Map.of("n", "42", "flag", "true"));
	}

	@Test
	void metaThatIsNotAnObjectIsAClearError() {
		for (String json : List.of("[1]", "\"text\"", "{\"a\": ", "{\"a\": \"1\"", "{\"a\" \"1\"}", "")) {
			assertThatExceptionOfType(JobsException.class).as(json)
				.isThrownBy(() -> TagsJson.readMeta(json))
				.withMessage("The job's meta column holds invalid JSON: " + json);
		}
	}

	@Test
	void tagsReadBackAsWritten() {
		assertThat(TagsJson.readTags(TagsJson.writeTags(List.of("tenant:42", "import")))).containsExactly("tenant:42",
				"import");
		assertThat(TagsJson.readTags(null)).isEmpty();
	}

}
