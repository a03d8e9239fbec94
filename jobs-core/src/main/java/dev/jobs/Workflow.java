package dev.jobs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.jobs.internal.Require;

/**
 * Named steps and the steps each waits for: a graph without cycles, enqueued in one call
 * ({@link JobDispatcher#enqueue(Workflow)}), atomically and in the caller's transaction
 * like any enqueue. A step is a job that waits ({@link JobState#PENDING}) until the steps
 * it depends on completed, and reads their results from its {@link JobContext}.
 *
 * <pre class="code">
 * Workflow workflow = Workflow.builder()
 *     .step("small", JobRequest.of("resize", new Resize(image, 320)))
 *     .step("large", JobRequest.of("resize", new Resize(image, 1280)))
 *     .step("ready", JobRequest.of("notify", image), "small", "large")
 *     .build();
 * </pre>
 *
 * @param steps the steps, each after the steps it depends on
 */
public record Workflow(List<Step> steps) {

	public Workflow {
		steps = List.copyOf(steps);
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * One step.
	 *
	 * @param name its name, unique in the workflow
	 * @param request the job
	 * @param dependsOn the names of the steps it waits for
	 * @param awaitsAdded whether it also waits for the steps that running jobs add to the
	 * workflow while it waits
	 */
	public record Step(String name, JobRequest request, List<String> dependsOn, boolean awaitsAdded) {

		public Step {
			Require.name(name, "step name");
			Objects.requireNonNull(request, () -> "request of step '" + name + "' must not be null");
			dependsOn = List.copyOf(dependsOn);
		}

	}

	/**
	 * Builds a workflow; {@link #build()} refuses unknown step names and cycles.
	 */
	public static final class Builder {

		private final Map<String, Step> steps = new LinkedHashMap<>();

		private Builder() {
		}

		/**
		 * Add a step.
		 * @param name its name, unique in the workflow
		 * @param request the job
		 * @param dependsOn the names of the steps it waits for (declared before or after
		 * it)
		 * @return this builder
		 * @throws IllegalArgumentException if the name is taken
		 */
		public Builder step(String name, JobRequest request, String... dependsOn) {
			return add(new Step(name, request, List.of(dependsOn), false));
		}

		/**
		 * Add a step that waits for every step declared before it, and for every step
		 * that running jobs add to the workflow while it waits (a fan-out whose size is
		 * known only at run time).
		 * @param name its name, unique in the workflow
		 * @param request the job
		 * @return this builder
		 * @throws IllegalArgumentException if the name is taken, or no step comes before
		 */
		public Builder stepAfterAll(String name, JobRequest request) {
			if (this.steps.isEmpty()) {
				throw new IllegalArgumentException(
						"Step '" + name + "' waits for every step before it, but there is none; add those first");
			}
			return add(new Step(name, request, List.copyOf(this.steps.keySet()), true));
		}

		/**
		 * Add a step as it is.
		 * @param step the step
		 * @return this builder
		 * @throws IllegalArgumentException if the name is taken
		 */
		public Builder step(Step step) {
			return add(Objects.requireNonNull(step, "step must not be null"));
		}

		private Builder add(Step step) {
			if (this.steps.containsKey(step.name())) {
				throw new IllegalArgumentException("Duplicate step name '" + step.name()
						+ "' in the workflow; step names are unique, rename one of them");
			}
			this.steps.put(step.name(), step);
			return this;
		}

		/**
		 * The workflow, its steps ordered so that each comes after those it depends on.
		 * @return the workflow
		 * @throws IllegalArgumentException if a step depends on an unknown step, or the
		 * steps depend on each other in a cycle
		 */
		public Workflow build() {
			if (this.steps.isEmpty()) {
				throw new IllegalArgumentException("A workflow needs at least one step");
			}
			for (Step step : this.steps.values()) {
				for (String dependency : step.dependsOn()) {
					if (!this.steps.containsKey(dependency)) {
						throw new IllegalArgumentException("Step '" + step.name() + "' depends on unknown step '"
								+ dependency + "'; known steps: " + this.steps.keySet());
					}
				}
			}
			return new Workflow(ordered());
		}

		/** Kahn's order; what is left over lies on or behind a cycle. */
		private List<Step> ordered() {
			Map<String, Integer> waiting = new LinkedHashMap<>();
			Map<String, List<String>> dependents = new LinkedHashMap<>();
			for (Step step : this.steps.values()) {
				waiting.put(step.name(), new LinkedHashSet<>(step.dependsOn()).size());
				for (String dependency : new LinkedHashSet<>(step.dependsOn())) {
					dependents.computeIfAbsent(dependency, (name) -> new ArrayList<>()).add(step.name());
				}
			}
			Deque<String> ready = new ArrayDeque<>();
			waiting.forEach((name, count) -> {
				if (count == 0) {
					ready.add(name);
				}
			});
			List<Step> ordered = new ArrayList<>(this.steps.size());
			while (!ready.isEmpty()) {
				String name = ready.poll();
				ordered.add(this.steps.get(name));
				for (String dependent : dependents.getOrDefault(name, List.of())) {
					if (waiting.merge(dependent, -1, Integer::sum) == 0) {
						ready.add(dependent);
					}
				}
			}
			if (ordered.size() < this.steps.size()) {
				Set<String> cyclic = new LinkedHashSet<>(this.steps.keySet());
				ordered.forEach((step) -> cyclic.remove(step.name()));
				throw new IllegalArgumentException("The workflow's steps depend on each other in a cycle; steps on "
						+ "or behind it: " + cyclic + "; a step may only wait for steps that do not wait for it");
			}
			return ordered;
		}

	}

}
