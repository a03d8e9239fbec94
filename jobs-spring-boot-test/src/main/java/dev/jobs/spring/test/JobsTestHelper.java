package dev.jobs.spring.test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.jobs.ArgsCodec;
import dev.jobs.HandlerDefinition;
import dev.jobs.HandlerRegistry;
import dev.jobs.Job;
import dev.jobs.JobEvent;
import dev.jobs.JobRequest;
import dev.jobs.JobState;
import dev.jobs.engine.ClientConfig;
import dev.jobs.engine.JobRunner;
import dev.jobs.engine.Supervisor;
import dev.jobs.store.JobStore;
import dev.jobs.store.ListParams;
import dev.jobs.store.QueueStats;
import dev.jobs.store.StatsParams;
import dev.jobs.store.memory.MemoryJobStore;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Drives jobs from a Spring test: what was enqueued, draining queues on the test's
 * thread, performing one handler, and the test clock. A bean of the jobs test support;
 * inject it with {@code @Autowired}.
 */
public final class JobsTestHelper implements DisposableBean {

	private static final int PAGE = 1000;

	private final JobStore store;

	private final HandlerRegistry handlers;

	private final ArgsCodec codec;

	private final Clock clock;

	private final JobRunner runner;

	private final @Nullable Supervisor supervisor;

	private final EnqueuedJobs enqueued;

	private final int drainLimit;

	JobsTestHelper(JobStore store, HandlerRegistry handlers, ArgsCodec codec, Clock clock, JobRunner runner,
			@Nullable Supervisor supervisor, EnqueuedJobs enqueued, int drainLimit) {
		this.store = store;
		this.handlers = handlers;
		this.codec = codec;
		this.clock = clock;
		this.runner = runner;
		this.supervisor = supervisor;
		this.enqueued = enqueued;
		this.drainLimit = drainLimit;
	}

	/**
	 * The jobs enqueued through the {@code JobDispatcher} since the test began.
	 * @return the jobs, for {@code assertThat}
	 */
	public EnqueuedJobs enqueued() {
		return this.enqueued;
	}

	/**
	 * The args of the jobs of a kind enqueued since the test began, bound to a type.
	 * @param kind the kind
	 * @param argsType the type
	 * @param <T> the type
	 * @return the args, in enqueue order
	 */
	public <T> List<T> enqueued(String kind, Class<T> argsType) {
		return this.enqueued.args(kind, argsType);
	}

	/**
	 * Run the available jobs of a queue on this thread until none is left, including
	 * those the jobs it runs enqueue.
	 * @param queue the queue
	 * @return what ran and how each attempt ended
	 */
	public DrainResult drain(String queue) {
		return drain(DrainOptions.queues(queue));
	}

	/**
	 * Run the available jobs of every queue on this thread until none is left.
	 * @return what ran and how each attempt ended
	 */
	public DrainResult drainAll() {
		return drain(DrainOptions.all());
	}

	/**
	 * Run jobs on this thread until none is left, as the options say. The jobs must be
	 * committed: a drain inside a {@code @Transactional} test on a database fails, as the
	 * jobs the test enqueued are not visible to the store's connections yet.
	 * @param options which queues, whether to move the clock, the limit
	 * @return what ran and how each attempt ended
	 * @throws AssertionError when more attempts than the limit would run
	 */
	public DrainResult drain(DrainOptions options) {
		if (TransactionSynchronizationManager.isActualTransactionActive() && !(this.store instanceof MemoryJobStore)) {
			throw new IllegalStateException("drain runs committed jobs on the store's own connections, but this "
					+ "thread is in a transaction (a @Transactional test?) whose jobs they cannot see: assert on "
					+ "enqueued() inside the transaction, or drain in a test that is not @Transactional");
		}
		return drainCommitted(options);
	}

	DrainResult drainCommitted(DrainOptions options) {
		int limit = (options.limit() > 0) ? options.limit() : this.drainLimit;
		List<JobEvent> runs = new ArrayList<>();
		while (true) {
			this.runner.stage();
			boolean ran = false;
			for (String queue : queuesWith(options, Set.of(JobState.AVAILABLE))) {
				Optional<JobEvent> run;
				while ((run = this.runner.runNext(queue)).isPresent()) {
					runs.add(run.get());
					ran = true;
					if (runs.size() > limit) {
						throw new AssertionError("Drained more than " + limit + " jobs and there are still more: a "
								+ "job that enqueues another endlessly? The last kinds were " + lastKinds(runs)
								+ "; raise the limit with DrainOptions.limit(n) or "
								+ "jobs.test.drain-limit if this is expected");
					}
				}
			}
			if (!ran) {
				Instant next = options.scheduled() ? nextDue(options) : null;
				if (next == null) {
					return new DrainResult(runs.subList(0, runs.size()));
				}
				testClock("drain with scheduled jobs").advanceTo(next);
			}
		}
	}

	private static List<String> lastKinds(List<JobEvent> runs) {
		return runs.subList(Math.max(0, runs.size() - 10), runs.size())
			.stream()
			.map((run) -> run.job().kind())
			.toList();
	}

	private Set<String> queuesWith(DrainOptions options, Set<JobState> states) {
		Set<String> queues = new LinkedHashSet<>();
		for (QueueStats stats : this.store.stats(new StatsParams(this.clock.instant()))) {
			if (options.includes(stats.queue()) && states.stream().anyMatch((state) -> stats.count(state) > 0)) {
				queues.add(stats.queue());
			}
		}
		return queues;
	}

	private @Nullable Instant nextDue(DrainOptions options) {
		Instant next = null;
		for (String queue : queuesWith(options, Set.of(JobState.SCHEDULED, JobState.RETRYABLE))) {
			for (JobState state : List.of(JobState.SCHEDULED, JobState.RETRYABLE)) {
				for (Job job : this.store.list(new ListParams(queue, state, null, PAGE))) {
					if (next == null || job.scheduledAt().isBefore(next)) {
						next = job.scheduledAt();
					}
				}
			}
		}
		return next;
	}

	/**
	 * Run one handler on this thread as the engine would, without storing the job: with
	 * its args bound as the handler declares them, a {@code JobContext} and its timeout.
	 * @param kind the kind
	 * @param args the args, serialized and bound again as for a stored job
	 * @return how the attempt ended: {@code COMPLETED}, or a failure with its error
	 */
	public JobEvent perform(String kind, @Nullable Object args) {
		return perform(JobRequest.of(kind, args));
	}

	/**
	 * Run one handler on this thread as the engine would, without storing the job.
	 * @param request the job, with any options a handler may read from its context
	 * @return how the attempt ended
	 */
	public JobEvent perform(JobRequest request) {
		HandlerDefinition handler = this.handlers.find(request.kind())
			.orElseThrow(() -> new IllegalArgumentException(
					"Unknown job kind '" + request.kind() + "'; known kinds: " + this.handlers.kinds()));
		Instant now = this.clock.instant();
		String queue = (request.queue() != null) ? request.queue()
				: (handler.queue() != null) ? handler.queue() : ClientConfig.DEFAULT_QUEUE;
		int maxAttempts = (request.maxAttempts() != null) ? request.maxAttempts()
				: (handler.maxAttempts() != null) ? handler.maxAttempts() : ClientConfig.DEFAULT_MAX_ATTEMPTS;
		Job job = new Job(0, queue, request.kind(), this.codec.serialize(request.args()), JobState.EXECUTING,
				(request.priority() != null) ? request.priority() : 0, 1, maxAttempts, now, now, now, "test", null,
				List.of(), request.uniqueKey(), request.timeout(), false, null, null, null, request.limitKey(),
				request.tags(), Map.of());
		return this.runner.perform(job);
	}

	/**
	 * Enqueue the cron ticks that came due since the previous check, through the engine's
	 * own cron scheduler, as the leader would: in manual mode no cron thread runs, so
	 * move the clock to just past a tick, call this, then drain. The first check starts
	 * each schedule from {@code jobs.cron-scheduling.misfire-grace} before now, and a
	 * tick missed by more than that grace is skipped, as in production. The jobs are
	 * stored, so a drain runs them, but {@link #enqueued()} records only the jobs that
	 * the application enqueues through its dispatcher.
	 * @return how many jobs were enqueued
	 * @throws IllegalStateException when there is no supervisor: with
	 * {@code jobs.worker.enabled=false}, cron runs elsewhere
	 */
	public int checkCron() {
		if (this.supervisor == null) {
			throw new IllegalStateException("checkCron() needs the jobs Supervisor bean, but there is none "
					+ "(jobs.worker.enabled=false?): cron runs only on worker nodes");
		}
		return this.supervisor.checkCron();
	}

	/**
	 * The test clock, to move time forward.
	 * @return the clock
	 * @throws IllegalStateException when the application defines a {@code Clock} bean of
	 * its own that is not a {@link TestClock}
	 */
	public TestClock clock() {
		return testClock("clock()");
	}

	private TestClock testClock(String use) {
		if (this.clock instanceof TestClock testClock) {
			return testClock;
		}
		throw new IllegalStateException(use + " needs the engine's Clock bean to be a TestClock, but it is "
				+ this.clock + "; remove the application's Clock bean from the test or make it a TestClock");
	}

	/**
	 * The runner that drains and performs jobs, for running one job at a time.
	 * @return the runner
	 */
	public JobRunner runner() {
		return this.runner;
	}

	/**
	 * Forget the enqueued jobs and put the test clock back: done before each test method.
	 */
	public void reset() {
		this.enqueued.clear();
		if (this.clock instanceof TestClock testClock) {
			testClock.reset();
		}
	}

	@Override
	public void destroy() {
		this.runner.close();
	}

}
