package dev.jobs.spring.autoconfigure;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.jobs.Job;
import dev.jobs.JobDispatcher;
import dev.jobs.JobRequest;
import dev.jobs.JobState;
import dev.jobs.engine.Supervisor;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The supervisor's dispatcher, which also wakes this node's queues once the caller's
 * transaction commits. The supervisor wakes a queue as soon as a job is enqueued, but
 * inside a transaction the job is not visible yet: without a second wake after commit, a
 * database without notifications (H2) would run it only at the next poll.
 */
final class WakeAfterCommitDispatcher implements JobDispatcher {

	private final JobDispatcher delegate;

	private final Supervisor supervisor;

	WakeAfterCommitDispatcher(Supervisor supervisor) {
		this.supervisor = Objects.requireNonNull(supervisor, "supervisor must not be null");
		this.delegate = supervisor.dispatcher();
	}

	@Override
	public Job enqueue(JobRequest request) {
		Job job = this.delegate.enqueue(request);
		wakeAfterCommit(List.of(job));
		return job;
	}

	@Override
	public List<Job> enqueueAll(List<JobRequest> requests) {
		List<Job> jobs = this.delegate.enqueueAll(requests);
		wakeAfterCommit(jobs);
		return jobs;
	}

	@Override
	public Optional<Job> cancel(long id) {
		return this.delegate.cancel(id);
	}

	@Override
	public Optional<Job> retry(long id) {
		Optional<Job> job = this.delegate.retry(id);
		job.ifPresent((retried) -> {
			if (TransactionSynchronizationManager.isSynchronizationActive()) {
				wakeAfterCommit(List.of(retried));
			}
			else if (retried.state() == JobState.AVAILABLE) {
				this.supervisor.wake(retried.queue());
			}
		});
		return job;
	}

	private void wakeAfterCommit(List<Job> jobs) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			// Visible already, and the supervisor woke its queues on enqueue.
			return;
		}
		Set<String> queues = jobs.stream()
			.filter((job) -> job.state() == JobState.AVAILABLE)
			.map(Job::queue)
			.collect(Collectors.toSet());
		if (!queues.isEmpty()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					queues.forEach(WakeAfterCommitDispatcher.this.supervisor::wake);
				}

			});
		}
	}

}
