package dev.jobs.spring.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/testing.md} shows its Java examples as the compiled test sources they are:
 * each block after a {@code <!-- snippet: path -->} marker equals that file.
 */
class DocsSnippetsTest {

	private static final Pattern SNIPPET = Pattern.compile("<!-- snippet: (\\S+) -->\\n```java\\n(.*?)```",
			Pattern.DOTALL);

	@Test
	void everyJavaSnippetOfTheTestingGuideIsACompiledSource() throws IOException {
		Path root = Path.of("..").toAbsolutePath().normalize();
		String doc = Files.readString(root.resolve("docs/testing.md"));
		Matcher matcher = SNIPPET.matcher(doc);
		int snippets = 0;
		while (matcher.find()) {
			assertThat(matcher.group(2)).as(matcher.group(1))
				.isEqualTo(Files.readString(root.resolve(matcher.group(1))));
			snippets++;
		}
		assertThat(snippets).isEqualTo(5);
		assertThat(doc.split("```java", -1)).as("every Java block is a snippet").hasSize(snippets + 1);
	}

}
