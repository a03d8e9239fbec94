package dev.jobs.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.jobs.Batch;
import dev.jobs.Job;
import dev.jobs.JobRequest;
import dev.jobs.Workflow;
import dev.jobs.WorkflowStatus;
import dev.jobs.engine.Supervisor;

/**
 * Workflows: a fan-out of N no-op jobs and a join (a batch with an on-completed callback)
 * drained by one supervisor at concurrency 32, against a plain drain of N in the same
 * run; how soon the join starts after its last member finished; and a chain of 1,000
 * steps, each waiting for the one before, with the hand-off from one step's finish to the
 * next one's start.
 */
final class WorkflowBenchmark {

	static final String NAME = "workflow";

	private static final int CONCURRENCY = 32;

	private static final int CHAIN = 1_000;

	private final Options options;

	WorkflowBenchmark(Options options) {
		this.options = options;
	}

	void run(Target target, Report report) throws Exception {
		int jobs = this.options.jobs();
		DrainBenchmark.drain(target, 5_000, CONCURRENCY);
		fanOut(target, 1_000);
		// Pairs, as the drain scenario measures: a single pair on a shared machine says
		// more about the minute than about the workflow.
		int rounds = this.options.quick() ? 1 : DrainBenchmark.ROUNDS;
		double[][] pairs = new double[rounds][];
		for (int round = 0; round < rounds; round++) {
			double plain = DrainBenchmark.drain(target, jobs, CONCURRENCY).throughput();
			FanOut fanOut = fanOut(target, jobs);
			pairs[round] = new double[] { plain, fanOut.workload.throughput(), fanOut.joinDelayMillis };
		}
		Arrays.sort(pairs, Comparator.comparingDouble((pair) -> pair[1] / pair[0]));
		double[] median = pairs[rounds / 2];
		String ratios = Arrays.stream(pairs)
			.map((pair) -> String.format(Locale.ROOT, "%.2f", pair[1] / pair[0]))
			.collect(Collectors.joining(", "));
		report.add(Result.of(NAME, target.name(), "plain drain of " + jobs + " in the same run", "jobs/s", median[0]));
		report.add(Result.of(NAME, target.name(), "fan-out " + jobs + " + join", "jobs/s", median[1])
			.note(String.format(Locale.ROOT,
					"%.2f of the plain drain (median pair of %d: %s); join started %.1f ms after the last member "
							+ "finished",
					median[1] / median[0], rounds, ratios, median[2])));
		double[] handOffs = chain(target);
		report.add(Result.of(NAME, target.name(), "chain of " + CHAIN + ", hand-off p50", "ms", handOffs[0])
			.note(String.format(Locale.ROOT, "p95 %.1f ms, max %.1f ms", handOffs[1], handOffs[2])));
	}

	private FanOut fanOut(Target target, int members) throws InterruptedException {
		target.reset();
		Workload workload = new Workload(false, 0);
		Supervisor supervisor = Engine.supervisor(target, workload, CONCURRENCY);
		List<JobRequest> requests = new ArrayList<>(members);
		for (int i = 0; i < members; i++) {
			requests.add(JobRequest.of(Probe.KIND, new Probe(0)));
		}
		WorkflowStatus batch = supervisor.dispatcher()
			.enqueue(Batch.builder().members(requests).onCompleted(JobRequest.of(Probe.KIND, new Probe(0))).build());
		target.jdbc().ifPresent(JdbcTables::analyze);
		supervisor.start();
		try {
			workload.awaitWritten(members + 1, Duration.ofSeconds(60).plusMillis(members * 5L));
		}
		finally {
			supervisor.stop();
		}
		List<Job> steps = target.store().workflow(batch.id());
		Instant lastMember = steps.stream()
			.filter((job) -> !Batch.ON_COMPLETED.equals(job.step()) && job.finishedAt() != null)
			.map(Job::finishedAt)
			.max(Instant::compareTo)
			.orElseThrow();
		Instant joinStarted = steps.stream()
			.filter((job) -> Batch.ON_COMPLETED.equals(job.step()))
			.map(Job::attemptedAt)
			.findFirst()
			.orElseThrow();
		return new FanOut(workload, Duration.between(lastMember, joinStarted).toNanos() / 1e6);
	}

	/** p50, p95 and max hand-off in milliseconds. */
	private double[] chain(Target target) throws InterruptedException {
		target.reset();
		Workload workload = new Workload(false, 0);
		Supervisor supervisor = Engine.supervisor(target, workload, CONCURRENCY);
		Workflow.Builder chain = Workflow.builder();
		for (int i = 0; i < CHAIN; i++) {
			JobRequest step = JobRequest.of(Probe.KIND, new Probe(0));
			if (i == 0) {
				chain.step("s0", step);
			}
			else {
				chain.step("s" + i, step, "s" + (i - 1));
			}
		}
		WorkflowStatus workflow = supervisor.dispatcher().enqueue(chain.build());
		supervisor.start();
		try {
			workload.awaitWritten(CHAIN, Duration.ofMinutes(2));
		}
		finally {
			supervisor.stop();
		}
		List<Job> steps = target.store().workflow(workflow.id());
		List<Double> handOffs = new ArrayList<>();
		for (int i = 1; i < steps.size(); i++) {
			Instant finished = steps.get(i - 1).finishedAt();
			Instant started = steps.get(i).attemptedAt();
			if (finished != null && started != null) {
				handOffs.add(Duration.between(finished, started).toNanos() / 1e6);
			}
		}
		handOffs.sort(Double::compare);
		if (handOffs.isEmpty()) {
			return new double[] { Double.NaN, Double.NaN, Double.NaN };
		}
		return new double[] { handOffs.get(handOffs.size() / 2), handOffs.get((int) (handOffs.size() * 0.95)),
				handOffs.get(handOffs.size() - 1) };
	}

	private record FanOut(Workload workload, double joinDelayMillis) {
	}

}
