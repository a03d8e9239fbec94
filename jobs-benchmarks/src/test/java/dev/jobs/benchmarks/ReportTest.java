package dev.jobs.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

	private final Report report = new Report();

	@Test
	void comparesWithTheReferenceOfTheSameStoreAndMetric() {
		this.report.add(Result.of("raw-sql", "postgres", "batch", "jobs/s", 10_000));
		this.report.add(Result.of("raw-sql", "h2", "batch", "jobs/s", 4_000));
		Result drain = Result.of("drain", "postgres", "concurrency 8", "jobs/s", 8_000).against("batch");
		this.report.add(drain);
		assertThat(this.report.ratio(drain)).isEqualTo(0.8);
	}

	@Test
	void hasNoRatioWithoutAMeasuredReference() {
		Result drain = Result.of("drain", "memory", "concurrency 8", "jobs/s", 8_000).against("batch");
		this.report.add(drain);
		assertThat(this.report.ratio(drain)).isNaN();
		assertThat(this.report.ratio(Result.of("latency", "memory", "x", "p50 ms", 1))).isNaN();
	}

	@Test
	void writesOneQuotedCsvRowPerFigure() {
		this.report.add(Result.of("raw-sql", "postgres", "batch", "jobs/s", 10_000));
		this.report.add(Result.of("drain", "postgres", "concurrency 8", "jobs/s", 8_000)
			.against("batch")
			.note("slow, \"shared\" machine"));
		assertThat(this.report.csv().lines()).containsExactly(
				"scenario,store,variant,metric,value,ratio_to_raw_sql,reference,note",
				"raw-sql,postgres,batch,jobs/s,10000.000,,,",
				"drain,postgres,concurrency 8,jobs/s,8000.000,0.8000,batch,\"slow, \"\"shared\"\" machine\"");
	}

	@Test
	void printsAMarkdownRowWithTheRatio() {
		this.report.add(Result.of("raw-sql", "postgres", "batch", "jobs/s", 10_000));
		this.report.add(Result.of("drain", "postgres", "concurrency 8", "jobs/s", 8_000).against("batch"));
		assertThat(this.report.markdown().lines())
			.contains("| drain | postgres | concurrency 8 | jobs/s | 8,000 | 0.80 | batch |  |");
	}

}
