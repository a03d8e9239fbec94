package dev.jobs.spring.test;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import dev.jobs.Job;
import dev.jobs.JobDispatcher;
import dev.jobs.JobEvent;
import dev.jobs.JobRequest;
import dev.jobs.JobState;
import dev.jobs.Workflow;
import dev.jobs.WorkflowStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The application's {@link JobDispatcher} in tests: records what it enqueues for
 * {@link EnqueuedJobs}, and in inline mode runs the jobs on the enqueuing thread once
 * they are visible.
 */
final class TestJobDispatcher implements JobDispatcher, AutoCloseable {

	/** Whether this thread runs inline jobs now: their own enqueues join that drain. */
	private static final ThreadLocal<Boolean> inlineRunning = ThreadLocal.withInitial(() -> false);

	private final JobDispatcher delegate;

	private final EnqueuedJobs enqueued;

	private final Supplier<JobsTestHelper> helper;

	private final boolean inline;

	private final Supplier<@Nullable PlatformTransactionManager> transactionManager;

	TestJobDispatcher(JobDispatcher delegate, EnqueuedJobs enqueued, Supplier<JobsTestHelper> helper, boolean inline,
			Supplier<@Nullable PlatformTransactionManager> transactionManager) {
		this.delegate = delegate;
		this.enqueued = enqueued;
		this.helper = helper;
		this.inline = inline;
		this.transactionManager = transactionManager;
	}

	/**
	 * Close the dispatcher this one wraps, as the context would have: a client of its own
	 * stops its announcing thread.
	 */
	@Override
	public void close() throws Exception {
		if (this.delegate instanceof AutoCloseable closeable) {
			closeable.close();
		}
	}

	@Override
	public Job enqueue(JobRequest request) {
		return enqueueAll(List.of(request)).get(0);
	}

	@Override
	public List<Job> enqueueAll(List<JobRequest> requests) {
		return recorded(this.delegate.enqueueAll(requests));
	}

	@Override
	public WorkflowStatus enqueue(Workflow workflow) {
		WorkflowStatus status = this.delegate.enqueue(workflow);
		recorded(status.steps());
		return status;
	}

	@Override
	public WorkflowStatus addSteps(long workflowId, Workflow steps) {
		WorkflowStatus status = this.delegate.addSteps(workflowId, steps);
		recorded(status.steps()
			.stream()
			.filter((job) -> steps.steps().stream().anyMatch((step) -> step.name().equals(job.step())))
			.toList());
		return status;
	}

	@Override
	public Optional<WorkflowStatus> workflow(long workflowId) {
		return this.delegate.workflow(workflowId);
	}

	@Override
	public Optional<WorkflowStatus> cancelWorkflow(long workflowId) {
		return this.delegate.cancelWorkflow(workflowId);
	}

	/** Record enqueued jobs, and run them at once in inline mode. */
	private List<Job> recorded(List<Job> jobs) {
		this.enqueued.record(jobs);
		boolean available = jobs.stream().anyMatch((job) -> job.state() == JobState.AVAILABLE);
		if (TransactionSynchronizationManager.isActualTransactionActive()
				&& TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					if (TestJobDispatcher.this.inline && available) {
						runInlineOutsideTransaction();
					}
				}

				@Override
				public void afterCompletion(int status) {
					if (status == STATUS_ROLLED_BACK) {
						TestJobDispatcher.this.enqueued.forget(jobs);
					}
				}

			});
		}
		else if (this.inline && available) {
			runInline();
		}
		return jobs;
	}

	/**
	 * After a commit the finished transaction's connection is still bound to the thread:
	 * the jobs' handlers and enqueues must not join it, so it is suspended while they
	 * run, as Spring advises for work done after a commit.
	 */
	private void runInlineOutsideTransaction() {
		PlatformTransactionManager manager = this.transactionManager.get();
		if (manager == null) {
			runInline();
			return;
		}
		TransactionTemplate outside = new TransactionTemplate(manager);
		outside.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
		outside.executeWithoutResult((status) -> runInline());
	}

	private void runInline() {
		if (inlineRunning.get()) {
			return;
		}
		inlineRunning.set(true);
		DrainResult result;
		try {
			result = this.helper.get().drainCommitted(DrainOptions.all());
		}
		finally {
			inlineRunning.remove();
		}
		for (JobEvent run : result.runs()) {
			if (run.type() == JobEvent.Type.RETRIED || run.type() == JobEvent.Type.DISCARDED) {
				throw new JobFailedException(run);
			}
		}
	}

	@Override
	public Optional<Job> cancel(long id) {
		return this.delegate.cancel(id);
	}

	@Override
	public Optional<Job> retry(long id) {
		return this.delegate.retry(id);
	}

}
