package dev.jobs.store;

import java.util.List;

import dev.jobs.Job;
import dev.jobs.JobState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Workflow steps: a new workflow takes its first step's id; steps added while it runs are
 * awaited by its waiting steps that await added steps.
 */
public interface WorkflowContract extends JobStoreFixture {

	default JobInsert step(String kind, long workflowId, boolean awaitsAdded) {
		return job(kind).step(new WorkflowStep(workflowId, kind, awaitsAdded));
	}

	@Test
	default void stepsOfANewWorkflowShareTheIdOfItsFirstStep() {
		List<Job> steps = insert(step("a", 0, false), step("b", 0, false),
				step("c", 0, false).dependsOn(new Dependencies(List.of(), List.of(0, 1), false)));
		long workflowId = steps.get(0).id();
		assertThat(steps).extracting(Job::workflowId).containsOnly(workflowId);
		assertThat(store().workflow(workflowId)).extracting(Job::step).containsExactly("a", "b", "c");
		assertThat(store().workflow(workflowId)).extracting(Job::state)
			.containsExactly(JobState.AVAILABLE, JobState.AVAILABLE, JobState.PENDING);
		assertThat(store().workflow(Long.MAX_VALUE)).isEmpty();
	}

	@Test
	default void stepsAddedWhileTheWorkflowRunsAreAwaitedByItsWaitingSteps() {
		List<Job> steps = insert(step("fan", 0, false),
				step("join", 0, true).dependsOn(new Dependencies(List.of(), List.of(0), false)));
		long workflowId = steps.get(0).id();
		Job fan = fetch(1, at(1)).get(0);
		List<Job> added = insert(step("child-1", workflowId, false), step("child-2", workflowId, false));
		store().complete(List.of(Completion.completed(fan, at(2))));
		assertThat(reload(steps.get(1)).state()).isEqualTo(JobState.PENDING);
		List<Job> children = fetch(10, at(3));
		assertThat(children).extracting(Job::id)
			.containsExactlyInAnyOrderElementsOf(added.stream().map(Job::id).toList());
		store().complete(List.of(Completion.completed(children.get(0), at(4))));
		assertThat(reload(steps.get(1)).state()).isEqualTo(JobState.PENDING);
		store().complete(List.of(Completion.completed(children.get(1), at(5))));
		assertThat(reload(steps.get(1)).state()).isEqualTo(JobState.AVAILABLE);
		assertThat(store().dependencies(steps.get(1).id())).hasSize(3);
	}

	@Test
	default void addingStepsOnceTheAwaitingStepsStoppedWaitingIsRefused() {
		List<Job> steps = insert(step("fan", 0, false),
				step("join", 0, true).dependsOn(new Dependencies(List.of(), List.of(0), false)));
		long workflowId = steps.get(0).id();
		store().complete(List.of(Completion.completed(fetch(1, at(1)).get(0), at(2))));
		assertThatIllegalStateException().isThrownBy(() -> insert(step("late", workflowId, false)))
			.withMessageContaining("Workflow " + workflowId);
		assertThat(store().workflow(workflowId)).hasSize(2);
	}

}
