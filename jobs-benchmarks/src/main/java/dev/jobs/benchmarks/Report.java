package dev.jobs.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of a run: a Markdown table for people and a CSV file for tools.
 */
final class Report {

	private final List<Result> results = new ArrayList<>();

	synchronized void add(Result result) {
		this.results.add(result);
		System.err.printf(Locale.ROOT, "  %-10s %-9s %-42s %-22s %s%n", result.scenario(), result.store(),
				result.variant(), result.metric(), format(result.value()));
	}

	synchronized List<Result> results() {
		return List.copyOf(this.results);
	}

	synchronized String markdown() {
		StringBuilder table = new StringBuilder();
		table.append("| scenario | store | variant | metric | value | vs raw SQL | reference | note |\n");
		table.append("| --- | --- | --- | --- | ---: | ---: | --- | --- |\n");
		for (Result result : this.results) {
			table.append("| ")
				.append(result.scenario())
				.append(" | ")
				.append(result.store())
				.append(" | ")
				.append(result.variant())
				.append(" | ")
				.append(result.metric())
				.append(" | ")
				.append(format(result.value()))
				.append(" | ")
				.append(Double.isNaN(ratio(result)) ? "" : String.format(Locale.ROOT, "%.2f", ratio(result)))
				.append(" | ")
				.append((result.reference() != null) ? result.reference() : "")
				.append(" | ")
				.append(result.note())
				.append(" |\n");
		}
		return table.toString();
	}

	synchronized String csv() {
		StringBuilder csv = new StringBuilder("scenario,store,variant,metric,value,ratio_to_raw_sql,reference,note\n");
		for (Result result : this.results) {
			csv.append(String.join(",", quote(result.scenario()), quote(result.store()), quote(result.variant()),
					quote(result.metric()), String.format(Locale.ROOT, "%.3f", result.value()),
					Double.isNaN(ratio(result)) ? "" : String.format(Locale.ROOT, "%.4f", ratio(result)),
					quote((result.reference() != null) ? result.reference() : ""), quote(result.note())))
				.append('\n');
		}
		return csv.toString();
	}

	/**
	 * A figure over the raw-SQL figure it names, measured in the same run.
	 * @param result the figure
	 * @return the ratio, or NaN when it names none or its reference was not measured
	 */
	synchronized double ratio(Result result) {
		if (result.reference() == null) {
			return Double.NaN;
		}
		for (Result candidate : this.results) {
			if (candidate.isReferenceOf(result) && candidate.value() > 0) {
				return result.value() / candidate.value();
			}
		}
		return Double.NaN;
	}

	Path writeCsv(Path directory) throws IOException {
		Files.createDirectories(directory);
		Path file = directory.resolve("results.csv");
		Files.writeString(file, csv());
		return file;
	}

	static String format(double value) {
		if (Double.isNaN(value)) {
			return "n/a";
		}
		if (Math.abs(value) >= 100) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		return String.format(Locale.ROOT, "%.2f", value);
	}

	static String quote(String value) {
		if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
			return "\"" + value.replace("\"", "\"\"") + "\"";
		}
		return value;
	}

}
