package dev.jobs.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.jobs.JobState;
import dev.jobs.dashboard.DashboardViews.AccessView;
import dev.jobs.dashboard.DashboardViews.CronView;
import dev.jobs.dashboard.DashboardViews.JobPage;
import dev.jobs.dashboard.DashboardViews.JobView;
import dev.jobs.dashboard.DashboardViews.MatchCount;
import dev.jobs.dashboard.DashboardViews.MinuteView;
import dev.jobs.dashboard.DashboardViews.NodeView;
import dev.jobs.dashboard.DashboardViews.Overview;
import dev.jobs.dashboard.DashboardViews.QueueView;
import dev.jobs.engine.CronEntry;
import dev.jobs.engine.Supervisor;
import dev.jobs.store.JobCount;
import dev.jobs.store.JobFilter;
import dev.jobs.store.JobStore;
import dev.jobs.store.ListParams;
import dev.jobs.store.MinuteFigures;
import dev.jobs.store.NodeStatus;
import dev.jobs.store.QueueStats;
import dev.jobs.store.StatsParams;
import org.jspecify.annotations.Nullable;

/**
 * What the dashboard's pages read, through the {@link JobStore} and, on a worker node,
 * the {@link Supervisor}: no SQL here.
 */
public class DashboardQueries {

	/** The chart's span. */
	static final Duration CHART = Duration.ofHours(1);

	private final JobStore store;

	private final @Nullable Supervisor supervisor;

	private final Clock clock;

	private final DashboardProperties properties;

	public DashboardQueries(JobStore store, @Nullable Supervisor supervisor, Clock clock,
			DashboardProperties properties) {
		this.store = store;
		this.supervisor = supervisor;
		this.clock = clock;
		this.properties = properties;
	}

	public Overview overview(AccessView access) {
		Instant now = this.clock.instant();
		Set<String> paused = this.store.pausedQueues();
		Map<String, Supervisor.QueueStatus> local = new HashMap<>();
		if (this.supervisor != null) {
			this.supervisor.queues().forEach((status) -> local.put(status.name(), status));
		}
		Map<String, QueueStats> stats = new TreeMap<>();
		for (QueueStats queue : this.store
			.stats(new StatsParams(now.minus(Duration.ofMinutes(1)), this.properties.getCountLimit()))) {
			stats.put(queue.queue(), queue);
		}
		local.keySet()
			.forEach((name) -> stats.computeIfAbsent(name, (queue) -> new QueueStats(queue, Map.of(), null, 0, 0)));
		paused.forEach((name) -> stats.computeIfAbsent(name, (queue) -> new QueueStats(queue, Map.of(), null, 0, 0)));
		List<QueueView> queues = new ArrayList<>();
		stats.forEach((name, figures) -> queues.add(queue(figures, local.get(name), paused.contains(name), now)));
		return new Overview(now, Arrays.stream(JobState.values()).map(DashboardViews::name).toList(),
				this.properties.getCountLimit(), queues, minutes(now), nodes(now), access,
				this.properties.getRefreshInterval().toMillis());
	}

	private static QueueView queue(QueueStats figures, Supervisor.@Nullable QueueStatus local, boolean paused,
			Instant now) {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (JobState state : JobState.values()) {
			counts.put(DashboardViews.name(state), figures.count(state));
		}
		long lag = (figures.oldestAvailableAt() != null)
				? Math.max(0, Duration.between(figures.oldestAvailableAt(), now).toSeconds()) : 0;
		return new QueueView(figures.queue(), counts,
				figures.atLeast().stream().sorted().map(DashboardViews::name).toList(),
				figures.count(JobState.EXECUTING), (local != null) ? local.running() : null,
				(local != null) ? local.concurrency() : null, paused, lag, figures.completedSince(),
				figures.failedSince());
	}

	/**
	 * Every minute of the last hour, those without completions or failures included, so
	 * that the chart's x axis is time.
	 */
	private List<MinuteView> minutes(Instant now) {
		Instant first = now.minus(CHART).truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
		Map<Instant, MinuteFigures> found = new HashMap<>();
		this.store.throughput(first, null).forEach((minute) -> found.put(minute.minute(), minute));
		List<MinuteView> minutes = new ArrayList<>();
		for (Instant minute = first; !minute.isAfter(now); minute = minute.plus(Duration.ofMinutes(1))) {
			MinuteFigures figures = found.get(minute);
			minutes.add(new MinuteView(minute, (figures != null) ? figures.completed() : 0,
					(figures != null) ? figures.failed() : 0));
		}
		return minutes;
	}

	private List<NodeView> nodes(Instant now) {
		String self = (this.supervisor != null) ? this.supervisor.nodeId() : null;
		List<NodeView> nodes = new ArrayList<>();
		for (NodeStatus node : this.store.nodes(now)) {
			nodes.add(new NodeView(node.id(), Math.max(0, Duration.between(node.heartbeatAt(), now).toSeconds()),
					node.leader(), node.executing(), node.id().equals(self)));
		}
		return nodes;
	}

	public JobPage jobs(JobFilter filter, @Nullable Long before, int limit) {
		List<JobView> jobs = this.store.list(new ListParams(filter, before, limit))
			.stream()
			.map((job) -> JobView.of(job, null))
			.toList();
		Long nextBefore = (jobs.size() == limit) ? jobs.get(jobs.size() - 1).id() : null;
		return new JobPage(jobs, nextBefore);
	}

	public MatchCount count(JobFilter filter) {
		JobCount count = this.store.count(filter, this.properties.getCountLimit());
		Long newest = this.store.list(new ListParams(filter, null, 1))
			.stream()
			.findFirst()
			.map((job) -> job.id())
			.orElse(null);
		return new MatchCount(count.count(), count.atLeast(), newest);
	}

	public @Nullable JobView job(long id) {
		return this.store.find(id).map((job) -> JobView.of(job, this.store.findProgress(id).orElse(null))).orElse(null);
	}

	/**
	 * The limits this node claims under and what uses them, read from the store now.
	 * @return the limits, none on a node without a worker
	 */
	public LimitsView limits() {
		return (this.supervisor != null) ? LimitsView.of(this.supervisor.limitStatus()) : LimitsView.NO_WORKER;
	}

	public List<CronView> cron() {
		if (this.supervisor == null) {
			return List.of();
		}
		Instant now = this.clock.instant();
		Map<String, Instant> ticks = this.store.cronTicks();
		List<CronView> entries = new ArrayList<>();
		for (CronEntry entry : this.supervisor.cronEntries()) {
			entries.add(new CronView(entry.name(), entry.request().kind(), entry.request().queue(),
					entry.schedule().toString(), ticks.get(entry.name()), entry.schedule().next(now)));
		}
		entries.sort((a, b) -> a.name().compareTo(b.name()));
		return entries;
	}

}
