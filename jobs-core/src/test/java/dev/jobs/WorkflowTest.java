package dev.jobs;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import dev.jobs.engine.JobRunner;
import dev.jobs.engine.Supervisor;
import dev.jobs.store.memory.MemoryJobStore;
import dev.jobs.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Workflows and batches through the dispatcher, run one job at a time on the memory
 * store.
 */
class WorkflowTest {

	private final MemoryJobStore store = new MemoryJobStore();

	private final MutableClock clock = new MutableClock();

	private final List<String> ran = new CopyOnWriteArrayList<>();

	private final Map<String, Object> seen = new ConcurrentHashMap<>();

	@Test
	void duplicateUnknownAndCyclicStepsAreRefusedNamingThem() {
		JobRequest job = JobRequest.of("step", "x");
		assertThatIllegalArgumentException().isThrownBy(() -> Workflow.builder().step("a", job).step("a", job))
			.withMessageContaining("Duplicate step name 'a'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Workflow.builder().step("a", job).step("b", job, "c").build())
			.withMessageContaining("Step 'b' depends on unknown step 'c'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Workflow.builder().step("a", job, "c").step("b", job, "a").step("c", job, "b").build())
			.withMessageContaining("cycle")
			.withMessageContaining("[a, b, c]");
	}

	@Test
	void stepsRunAfterTheirDependenciesAndTheWorkflowCompletes() {
		Supervisor supervisor = supervisor();
		WorkflowStatus started = supervisor.dispatcher()
			.enqueue(Workflow.builder()
				.step("ready", JobRequest.of("step", "ready"), "small", "large")
				.step("small", JobRequest.of("step", "small"))
				.step("large", JobRequest.of("step", "large"))
				.build());
		assertThat(started.state()).isEqualTo(WorkflowStatus.State.RUNNING);
		assertThat(started.step("ready").orElseThrow().state()).isEqualTo(JobState.PENDING);
		runAll(supervisor);
		assertThat(this.ran).containsExactly("small", "large", "ready");
		WorkflowStatus done = supervisor.dispatcher().workflow(started.id()).orElseThrow();
		assertThat(done.state()).isEqualTo(WorkflowStatus.State.COMPLETED);
		assertThat(done.steps()).extracting(Job::step).containsExactly("small", "large", "ready");
		assertThat(this.seen.get("ready")).isEqualTo(List.of("small!", "large!"));
	}

	@Test
	void cancellingAWorkflowCancelsItsWaitingSteps() {
		Supervisor supervisor = supervisor();
		WorkflowStatus started = supervisor.dispatcher()
			.enqueue(Workflow.builder()
				.step("a", JobRequest.of("step", "a"))
				.step("b", JobRequest.of("step", "b"), "a")
				.build());
		WorkflowStatus cancelled = supervisor.dispatcher().cancelWorkflow(started.id()).orElseThrow();
		assertThat(cancelled.state()).isEqualTo(WorkflowStatus.State.CANCELLED);
		runAll(supervisor);
		assertThat(this.ran).isEmpty();
	}

	@Test
	void aRunningStepFansOutAndTheJoinWaitsForEveryAddedStep() {
		Supervisor supervisor = supervisor();
		WorkflowStatus started = supervisor.dispatcher()
			.enqueue(Workflow.builder()
				.step("split", JobRequest.of("split", 3))
				.stepAfterAll("join", JobRequest.of("step", "join"))
				.build());
		runAll(supervisor);
		assertThat(this.ran).containsExactly("split", "part-0", "part-1", "part-2", "join");
		WorkflowStatus done = supervisor.dispatcher().workflow(started.id()).orElseThrow();
		assertThat(done.steps()).hasSize(5);
		assertThat(done.state()).isEqualTo(WorkflowStatus.State.COMPLETED);
	}

	@Test
	void aBatchRunsEachCallbackOnceAndTheCompletedOneOnlyIfAllCompleted() {
		Supervisor supervisor = supervisor();
		supervisor.dispatcher()
			.enqueue(Batch.builder()
				.members(IntStream.range(0, 5).mapToObj((i) -> JobRequest.of("step", "m" + i)).toList())
				.member(JobRequest.of("fail", "bad").maxAttempts(1))
				.onFinished(JobRequest.of("step", "finished"))
				.onCompleted(JobRequest.of("step", "completed"))
				.build());
		runAll(supervisor);
		assertThat(this.ran).filteredOn((name) -> name.equals("finished")).hasSize(1);
		assertThat(this.ran).doesNotContain("completed");
	}

	@Test
	void membersAddedToARunningBatchAreWaitedFor() {
		Supervisor supervisor = supervisor();
		WorkflowStatus batch = supervisor.dispatcher()
			.enqueue(Batch.builder()
				.member(JobRequest.of("step", "m0"))
				.onCompleted(JobRequest.of("step", "completed"))
				.build());
		supervisor.dispatcher().addSteps(batch.id(), Batch.members(List.of(JobRequest.of("step", "m1"))));
		runAll(supervisor);
		assertThat(this.ran).containsExactly("m0", "m1", "completed");
	}

	private void runAll(Supervisor supervisor) {
		try (JobRunner runner = supervisor.runner()) {
			while (runner.runNext("default").isPresent()) {
				// one job at a time, in claim order
			}
		}
	}

	private Supervisor supervisor() {
		HandlerRegistry handlers = new HandlerRegistry()
			.register(HandlerDefinition.returning("step", String.class, (name, context) -> {
				this.ran.add(name);
				if (!context.dependencies().isEmpty()) {
					this.seen.put(name, List.copyOf(context.dependencyResults(String.class).values()));
				}
				return name + "!";
			}))
			.register("fail", String.class, (name, context) -> {
				throw new IllegalStateException("member " + name + " fails");
			})
			.register("split", Integer.class, (parts, context) -> {
				this.ran.add("split");
				Workflow.Builder more = Workflow.builder();
				for (int i = 0; i < parts; i++) {
					more.step("part-" + i, JobRequest.of("step", "part-" + i));
				}
				context.addSteps(more.build());
			});
		return Supervisor.builder(this.store).handlers(handlers).clock(this.clock).queue("default", 1).build();
	}

}
