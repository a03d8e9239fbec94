package dev.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Jobs run as a group, with callbacks: one that runs once every member finished, whatever
 * their outcome, and one that runs once every member completed (cancelled, with an error
 * naming the member, if one did not). Built on {@link Workflow}: each callback is a step
 * that waits for every member, so it runs exactly once across the cluster, and members
 * added while the batch runs ({@link JobDispatcher#addSteps}) are waited for too.
 *
 * <pre class="code">
 * WorkflowStatus batch = dispatcher.enqueue(Batch.builder()
 *     .members(rows.stream().map((row) -> JobRequest.of("import_row", row)).toList())
 *     .onCompleted(JobRequest.of("import_done", file))
 *     .build());
 * </pre>
 */
public final class Batch {

	/** The name of the step that runs once every member finished. */
	public static final String ON_FINISHED = "on-finished";

	/** The name of the step that runs once every member completed. */
	public static final String ON_COMPLETED = "on-completed";

	private Batch() {
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Members to add to a running batch, each under a name of its own.
	 * @param members the jobs
	 * @return steps for {@link JobDispatcher#addSteps}
	 */
	public static Workflow members(List<JobRequest> members) {
		Workflow.Builder builder = Workflow.builder();
		String prefix = "member-" + UUID.randomUUID() + "-";
		for (int i = 0; i < members.size(); i++) {
			builder.step(prefix + i, members.get(i));
		}
		return builder.build();
	}

	/**
	 * Builds a batch.
	 */
	public static final class Builder {

		private final List<JobRequest> members = new ArrayList<>();

		private @Nullable JobRequest onFinished;

		private @Nullable JobRequest onCompleted;

		private Builder() {
		}

		public Builder member(JobRequest member) {
			this.members.add(Objects.requireNonNull(member, "member must not be null"));
			return this;
		}

		public Builder members(List<JobRequest> members) {
			members.forEach(this::member);
			return this;
		}

		/**
		 * The job to run once every member finished, whatever the outcome.
		 * @param callback the job
		 * @return this builder
		 */
		public Builder onFinished(JobRequest callback) {
			this.onFinished = Objects.requireNonNull(callback, "callback must not be null");
			return this;
		}

		/**
		 * The job to run once every member completed.
		 * @param callback the job
		 * @return this builder
		 */
		public Builder onCompleted(JobRequest callback) {
			this.onCompleted = Objects.requireNonNull(callback, "callback must not be null");
			return this;
		}

		/**
		 * The batch as a workflow: members {@code member-1}, {@code member-2}..., and the
		 * callbacks {@link #ON_FINISHED} and {@link #ON_COMPLETED}.
		 * @return the workflow to enqueue
		 * @throws IllegalArgumentException without members or without a callback
		 */
		public Workflow build() {
			if (this.members.isEmpty()) {
				throw new IllegalArgumentException("A batch needs at least one member");
			}
			if (this.onFinished == null && this.onCompleted == null) {
				throw new IllegalArgumentException("A batch needs a callback: set onFinished, onCompleted or both");
			}
			Workflow.Builder builder = Workflow.builder();
			List<String> names = new ArrayList<>(this.members.size());
			for (int i = 0; i < this.members.size(); i++) {
				names.add("member-" + (i + 1));
				builder.step(names.get(i), this.members.get(i));
			}
			if (this.onFinished != null) {
				builder.step(new Workflow.Step(ON_FINISHED, this.onFinished.runAnyway(true), names, true));
			}
			if (this.onCompleted != null) {
				builder.step(new Workflow.Step(ON_COMPLETED, this.onCompleted, names, true));
			}
			return builder.build();
		}

	}

}
