package dev.jobs.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import dev.jobs.store.JobNotifier;
import org.jspecify.annotations.Nullable;

/**
 * Hears the store's notifications while started: available jobs wake their queue's
 * producer, cancel requests reach running jobs at once. When the notifier begins to
 * listen, which may be after this node claimed its first jobs, the node catches up with
 * what it could not hear.
 */
final class Notifications implements Service, JobNotifier.Listener {

	private final JobNotifier notifier;

	private final String nodeId;

	private final Consumer<String> wakeQueue;

	private final LongConsumer cancelJob;

	private final Runnable catchUp;

	private JobNotifier.@Nullable Subscription subscription;

	Notifications(JobNotifier notifier, String nodeId, Consumer<String> wakeQueue, LongConsumer cancelJob,
			Runnable catchUp) {
		this.notifier = Objects.requireNonNull(notifier, "notifier must not be null");
		this.nodeId = Objects.requireNonNull(nodeId, "nodeId must not be null");
		this.wakeQueue = Objects.requireNonNull(wakeQueue, "wakeQueue must not be null");
		this.cancelJob = Objects.requireNonNull(cancelJob, "cancelJob must not be null");
		this.catchUp = Objects.requireNonNull(catchUp, "catchUp must not be null");
	}

	@Override
	public void start() {
		this.subscription = this.notifier.subscribe(this);
	}

	@Override
	public void stop(Duration timeout) {
		JobNotifier.Subscription current = this.subscription;
		if (current != null) {
			current.close();
			this.subscription = null;
		}
	}

	@Override
	public void jobsAvailable(String queue) {
		this.wakeQueue.accept(queue);
	}

	/**
	 * This node's own announcements wake nothing: its producers were woken in process
	 * when the jobs committed, and already claimed them (at 100 jobs/s each one made an
	 * empty claim).
	 */
	@Override
	public void jobsAvailable(String queue, @Nullable String sender) {
		if (!this.nodeId.equals(sender)) {
			jobsAvailable(queue);
		}
	}

	@Override
	public void cancelRequested(long id) {
		this.cancelJob.accept(id);
	}

	@Override
	public void listening() {
		this.catchUp.run();
	}

}
