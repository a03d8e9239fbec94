package dev.jobs.dashboard;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import dev.jobs.Job;
import dev.jobs.JobDispatcher;
import dev.jobs.dashboard.DashboardViews.ActionResult;
import dev.jobs.engine.Supervisor;
import dev.jobs.store.BulkResult;
import dev.jobs.store.JobFilter;
import dev.jobs.store.JobStore;
import dev.jobs.store.ListParams;
import org.jspecify.annotations.Nullable;

/**
 * What the dashboard's actions do: retry, cancel and delete of one job, of chosen jobs,
 * or of all that match a filter (a page of ids at a time, each page one statement per
 * action), and pause, resume and clear of a queue.
 */
public class DashboardActions {

	private final JobStore store;

	private final JobDispatcher dispatcher;

	private final @Nullable Supervisor supervisor;

	private final Clock clock;

	public DashboardActions(JobStore store, JobDispatcher dispatcher, @Nullable Supervisor supervisor, Clock clock) {
		this.store = store;
		this.dispatcher = dispatcher;
		this.supervisor = supervisor;
		this.clock = clock;
	}

	/**
	 * Run an action on one job.
	 * @param id the job
	 * @param action {@code retry}, {@code cancel} or {@code delete}
	 * @return what it did, or {@code null} if the job does not exist
	 */
	public @Nullable ActionResult job(long id, String action) {
		return switch (JobAction.parse(action)) {
			case RETRY -> this.dispatcher.retry(id).map((job) -> result(job, "retried", "available")).orElse(null);
			case CANCEL -> this.dispatcher.cancel(id).map((job) -> result(job, "cancelled", "cancelled")).orElse(null);
			case DELETE -> {
				if (this.store.find(id).isEmpty()) {
					yield null;
				}
				int deleted = this.store.deleteAll(List.of(id), this.clock.instant()).changed();
				yield new ActionResult(deleted, (deleted == 1) ? "Job " + id + " deleted"
						: "Job " + id + " is executing: cancel it first, then delete it");
			}
		};
	}

	private static ActionResult result(Job job, String done, String expected) {
		String state = DashboardViews.name(job.state());
		boolean changed = state.equals(expected) || job.cancelRequested();
		return new ActionResult(changed ? 1 : 0,
				changed ? "Job " + job.id() + " " + done + ": now " + state
						+ (job.cancelRequested() && !state.equals(expected) ? " (asked to stop)" : "")
						: "Job " + job.id() + " left as it is: " + state);
	}

	/**
	 * Run an action on chosen jobs.
	 * @param action the action
	 * @param ids the jobs
	 * @return what it did
	 */
	public ActionResult bulk(String action, Collection<Long> ids) {
		JobAction parsed = JobAction.parse(action);
		BulkResult result = apply(parsed, ids, this.clock.instant());
		return new ActionResult(result.changed(), message(parsed, result.changed(), ids.size()));
	}

	/**
	 * Run an action on every job that matches a filter, up to the newest the user was
	 * shown, a page of {@link JobStore#BULK_CHUNK} ids at a time.
	 * @param action the action
	 * @param filter which jobs
	 * @param upToId the newest job included
	 * @return what it did
	 */
	public ActionResult bulk(String action, JobFilter filter, long upToId) {
		JobAction parsed = JobAction.parse(action);
		Instant now = this.clock.instant();
		long matched = 0;
		BulkResult total = BulkResult.NONE;
		Long before = (upToId == Long.MAX_VALUE) ? null : upToId + 1;
		while (true) {
			List<Job> page = this.store.list(new ListParams(filter, before, JobStore.BULK_CHUNK));
			if (page.isEmpty()) {
				break;
			}
			List<Long> ids = new ArrayList<>(page.size());
			page.forEach((job) -> ids.add(job.id()));
			matched += ids.size();
			total = total.plus(apply(parsed, ids, now));
			if (page.size() < JobStore.BULK_CHUNK) {
				break;
			}
			before = ids.get(ids.size() - 1);
		}
		return new ActionResult(total.changed(), message(parsed, total.changed(), matched));
	}

	private BulkResult apply(JobAction action, Collection<Long> ids, Instant now) {
		BulkResult result = switch (action) {
			case RETRY -> this.store.retryAll(ids, now);
			case CANCEL -> this.store.cancelAll(ids, now);
			case DELETE -> this.store.deleteAll(ids, now);
		};
		if (action == JobAction.RETRY && this.supervisor != null) {
			// Other nodes hear of them by notification or at their next poll.
			result.queues().forEach(this.supervisor::wake);
		}
		return result;
	}

	private static String message(JobAction action, long changed, long asked) {
		String done = switch (action) {
			case RETRY -> "retried";
			case CANCEL -> "cancelled";
			case DELETE -> "deleted";
		};
		return changed + " of " + asked + " job(s) " + done
				+ ((changed < asked) ? "; the others were left as they are (" + leftAlone(action) + ")" : "");
	}

	private static String leftAlone(JobAction action) {
		return switch (action) {
			case RETRY -> "available or executing already, or their unique key is taken";
			case CANCEL -> "finished already";
			case DELETE -> "executing: cancel them first";
		};
	}

	/**
	 * Run an action on a queue.
	 * @param queue the queue
	 * @param action {@code pause}, {@code resume} or {@code clear} (delete its waiting
	 * jobs: available, scheduled and retryable)
	 * @return what it did
	 */
	public ActionResult queue(String queue, String action) {
		switch (action.toLowerCase(Locale.ROOT)) {
			case "pause" -> {
				if (this.supervisor != null) {
					this.supervisor.pause(queue);
				}
				else {
					this.store.setPaused(queue, true);
				}
				return new ActionResult(0, "Queue '" + queue + "' paused");
			}
			case "resume" -> {
				if (this.supervisor != null) {
					this.supervisor.resume(queue);
				}
				else {
					this.store.setPaused(queue, false);
				}
				return new ActionResult(0, "Queue '" + queue + "' resumed");
			}
			case "clear" -> {
				int deleted = this.store.deleteWaiting(queue, this.clock.instant());
				return new ActionResult(deleted, deleted + " waiting job(s) of queue '" + queue + "' deleted");
			}
			default -> throw new IllegalArgumentException(
					"Unknown action '" + action + "' on a queue; use pause, resume or clear");
		}
	}

	/**
	 * What can be done to jobs.
	 */
	enum JobAction {

		RETRY, CANCEL, DELETE;

		static JobAction parse(String action) {
			try {
				return valueOf(action.toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(
						"Unknown action '" + action + "' on jobs; use retry, cancel or delete");
			}
		}

	}

}
