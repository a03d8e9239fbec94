package dev.jobs.sample;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java block of the README and of {@code docs/*.md} compiles as written, against
 * this application's test class path (the starter, the test support, web, security,
 * actuator and the JDBC test-jar): a block is compiled as the members of a class, or else
 * as the statements of a method, with only the imports it shows. A block marked
 * {@code <!-- fragment: declarations -->} is deliberately a fragment: the declarations
 * (placeholder variables and the application's own types) are put in the class around it.
 * A block marked {@code <!-- snippet: path -->} is a compiled source that
 * {@code DocsSnippetsTest} of {@code jobs-spring-boot-test} compares with its file.
 */
class DocsJavaSnippetsTest {

	private static final Pattern BLOCK = Pattern
		.compile("(?:<!-- (snippet|fragment)(?::([^\\n]*?))? -->\\n[ \\t]*)?```java\\n(.*?)```", Pattern.DOTALL);

	private static final Pattern IMPORT = Pattern.compile("\\s*import\\s+[\\w.]+(?:\\.\\*)?\\s*;\\s*");

	@TempDir
	Path classes;

	@Test
	void everyJavaBlockOfTheDocsCompiles() throws IOException {
		Path root = Path.of("..").toAbsolutePath().normalize();
		List<Path> documents = new ArrayList<>();
		documents.add(root.resolve("README.md"));
		try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
			docs.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
		}
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		List<String> failures = new ArrayList<>();
		int compiled = 0;
		try (StandardJavaFileManager files = compiler.getStandardFileManager(null, Locale.ROOT, null)) {
			for (Path document : documents) {
				String text = Files.readString(document);
				Matcher block = BLOCK.matcher(text);
				while (block.find()) {
					String where = root.relativize(document) + ":" + line(text, block.start(3));
					if ("snippet".equals(block.group(1))) {
						assertThat(root.resolve(block.group(2).trim())).as(where).exists();
						continue;
					}
					String declarations = ("fragment".equals(block.group(1)) && block.group(2) != null) ? block.group(2)
							: "";
					String error = compile(compiler, files, block.group(3), declarations);
					if (error != null) {
						failures.add(where + "\n" + error);
					}
					compiled++;
				}
			}
		}
		assertThat(failures).as("Java blocks that do not compile").isEmpty();
		assertThat(compiled).as("Java blocks compiled").isGreaterThanOrEqualTo(14);
	}

	/**
	 * Compile a block as class members, else as method statements.
	 * @return null when it compiles, else the errors of both attempts
	 */
	private String compile(JavaCompiler compiler, StandardJavaFileManager files, String block, String declarations) {
		StringBuilder imports = new StringBuilder();
		String body = block;
		Matcher importLine = IMPORT.matcher(body);
		while (importLine.lookingAt()) {
			imports.append(importLine.group().trim()).append('\n');
			body = body.substring(importLine.end());
			importLine = IMPORT.matcher(body);
		}
		String asMembers = imports + "class Snippet {\n" + declarations + "\n" + body + "\n}\n";
		String membersError = compile(compiler, files, asMembers);
		if (membersError == null) {
			return null;
		}
		String asStatements = imports + "class Snippet {\n" + declarations + "\nvoid snippet() throws Exception {\n"
				+ body + "\n}\n}\n";
		String statementsError = compile(compiler, files, asStatements);
		if (statementsError == null) {
			return null;
		}
		return "as class members:\n" + membersError + "as method statements:\n" + statementsError;
	}

	private String compile(JavaCompiler compiler, StandardJavaFileManager files, String source) {
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Snippet.java"),
				JavaFileObject.Kind.SOURCE) {

			@Override
			public CharSequence getCharContent(boolean ignoreEncodingErrors) {
				return source;
			}

		};
		List<String> options = List.of("--release", "17", "-proc:none", "-classpath", classPath(), "-d",
				this.classes.toString());
		boolean ok = compiler.getTask(null, files, diagnostics, options, null, List.of(file)).call();
		if (ok) {
			return null;
		}
		StringBuilder errors = new StringBuilder();
		for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
			if (diagnostic.getKind() == Diagnostic.Kind.ERROR) {
				errors.append("  line ")
					.append(diagnostic.getLineNumber())
					.append(": ")
					.append(diagnostic.getMessage(Locale.ROOT))
					.append('\n');
			}
		}
		return errors.toString();
	}

	private static String classPath() {
		// Surefire runs the tests from a manifest-only jar; this names the class path.
		String surefire = System.getProperty("surefire.test.class.path");
		return (surefire != null && !surefire.isBlank()) ? surefire : System.getProperty("java.class.path");
	}

	private static int line(String text, int offset) {
		return (int) text.substring(0, offset).chars().filter((c) -> c == '\n').count() + 1;
	}

}
