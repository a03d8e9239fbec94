package dev.jobs.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import dev.jobs.Job;
import dev.jobs.store.ClaimPosition;
import dev.jobs.store.FetchParams;
import dev.jobs.store.FetchResult;
import dev.jobs.store.JobStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds one queue's jobs to the executor: claims up to its free slots (at most the fetch
 * limit) in one call, then sleeps until woken (a notification, a freed slot while more
 * work is likely, or the poll interval), and never spins.
 * <p>
 * Under a backlog, a claim for a few free slots pays a whole round trip and commit for
 * little: with fewer slots free than a full claim would take, the producer waits for
 * more, at most as long as its last claim took (and never more than
 * {@link #MAX_TOP_UP_WAIT}), so that short jobs are claimed in full batches while long
 * ones lose at most one claim's time of a few slots.
 * <p>
 * A producer made for several queues serves them in strict order with one set of slots:
 * each claim takes from the first queue, then fills what is left from the next, so a job
 * of an earlier queue always starts before one of a later queue when both wait.
 * <p>
 * A producer of one queue without limits may claim ahead under a deep backlog of short
 * jobs ({@link ClaimAhead}): it claims more than its free slots and holds the rest, so
 * that its next claim is on its way while its slots still have work. On a store that
 * claims after a position, such a producer begins most claims after the last job it
 * claimed ({@link ClaimCursor}).
 */
final class Producer implements Service {

	private static final Logger logger = LoggerFactory.getLogger(Producer.class);

	private static final Duration MAX_ERROR_PAUSE = Duration.ofSeconds(30);

	static final Duration MAX_TOP_UP_WAIT = Duration.ofMillis(10);

	private final QueueConfig config;

	private final List<String> queues;

	/** Jobs running per queue, for the queues' status. */
	private final Map<String, AtomicInteger> runningByQueue = new LinkedHashMap<>();

	private final Set<String> pausedQueues = ConcurrentHashMap.newKeySet();

	private ClaimBudget budget = new ClaimBudget(0);

	private NodeSlots nodeSlots = new NodeSlots(0);

	private @Nullable NodeLimits limits;

	/**
	 * When to claim again even if nothing wakes this producer: a full rate window opens,
	 * or a claim from the head of the queue is owed. Producer thread only.
	 */
	private @Nullable Instant retryAt;

	/** Whether the last claim found a limit full; producer thread only. */
	private boolean heldByLimits;

	private Runnable onIdle = () -> {
	};

	/** Whether the last claim found nothing to do; for a one-shot node's end. */
	private volatile boolean drained;

	private final JobStore store;

	private final JobExecutor executor;

	private final String nodeId;

	private final Clock clock;

	private final Signal wake = new Signal();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicBoolean running = new AtomicBoolean();

	private volatile boolean moreLikely = true;

	private volatile Thread thread;

	private final Consumer<List<Job>> handBack;

	private volatile @Nullable Instant claimInFlightSince;

	/** Claimed jobs held until a slot frees, or {@code null} without claim-ahead. */
	private @Nullable ClaimAhead ahead;

	/** How many jobs the current claim may hold beyond the free slots. */
	private volatile int aheadBound;

	/** Whether the last claim took all it asked for; producer thread only. */
	private boolean lastClaimFull;

	/**
	 * Available jobs this node committed to the producer's queues since it last claimed:
	 * a backlog it knows of before any claim comes back full.
	 */
	private final AtomicInteger announced = new AtomicInteger();

	/**
	 * Where claims begin, on a store that claims after a position; {@code null} there
	 * claims always begin at the head. Producer thread only.
	 */
	private final @Nullable ClaimCursor cursor;

	/** Whether the last claim began after a position; producer thread only. */
	private boolean claimedAfterPosition;

	private LongSupplier nanoTime = System::nanoTime;

	/** Free slots at which a freed slot wakes the producer. */
	private volatile int wakeWhenFree = 1;

	/** Jobs of limited kinds this producer started that still run. */
	private final AtomicInteger limitedRunning = new AtomicInteger();

	/** Whether the producer waits for its limited jobs to end before claiming. */
	private volatile boolean awaitingLimited;

	/** How long the last claim took and when it ended; producer thread only. */
	private long lastClaimNanos;

	private long lastClaimEnd;

	/**
	 * A producer for one queue.
	 * @param config the queue's settings
	 * @param store where jobs are claimed
	 * @param executor where claimed jobs run
	 * @param nodeId this node
	 * @param clock the engine's clock
	 * @param handBack takes claimed jobs that will not start here (the node is stopping,
	 * or no thread could be had), to make them available again
	 */
	Producer(QueueConfig config, JobStore store, JobExecutor executor, String nodeId, Clock clock,
			Consumer<List<Job>> handBack) {
		this(config, List.of(config.name()), store, executor, nodeId, clock, handBack);
	}

	/**
	 * A producer for several queues in strict order, sharing one set of slots.
	 * @param config the slots, fetch limit and poll interval of them all
	 * @param queues the queues, first served first
	 * @param store where jobs are claimed
	 * @param executor where claimed jobs run
	 * @param nodeId this node
	 * @param clock the engine's clock
	 * @param handBack takes claimed jobs that will not start here
	 */
	Producer(QueueConfig config, List<String> queues, JobStore store, JobExecutor executor, String nodeId, Clock clock,
			Consumer<List<Job>> handBack) {
		this.queues = List.copyOf(queues);
		this.queues.forEach((queue) -> this.runningByQueue.put(queue, new AtomicInteger()));
		this.handBack = Objects.requireNonNull(handBack, "handBack must not be null");
		this.config = Objects.requireNonNull(config, "config must not be null");
		this.store = Objects.requireNonNull(store, "store must not be null");
		this.executor = Objects.requireNonNull(executor, "executor must not be null");
		this.nodeId = Objects.requireNonNull(nodeId, "nodeId must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.ahead = (this.queues.size() == 1) ? new ClaimAhead(config.concurrency(), config.fetchLimit()) : null;
		// Not for several queues in strict order: a claim from the head of each keeps it.
		this.cursor = (this.queues.size() == 1 && store.claimsAfterPosition()) ? new ClaimCursor() : null;
	}

	/**
	 * Turn claim-ahead off (on by default for a producer of one queue). Set before start.
	 * @param enabled whether this producer may claim ahead
	 */
	void claimAhead(boolean enabled) {
		if (!enabled) {
			this.ahead = null;
		}
	}

	/**
	 * The time source for claim and run times: tests move it by hand. Set before start.
	 * @param nanoTime a monotonic nanosecond clock
	 */
	void nanoTime(LongSupplier nanoTime) {
		this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime must not be null");
	}

	/**
	 * Claim within a one-shot node's budget, and say when this producer may have run out
	 * of work (a claim came back empty, or a job ended). Set before start.
	 * @param budget the claims left, shared by the node's producers
	 * @param onIdle checks whether the node is done
	 */
	void limit(ClaimBudget budget, Runnable onIdle) {
		this.budget = Objects.requireNonNull(budget, "budget must not be null");
		this.onIdle = Objects.requireNonNull(onIdle, "onIdle must not be null");
	}

	/**
	 * Claim within cluster-wide limits and the node-wide cap. Set before start.
	 * @param limits the node's limits, shared by its producers
	 */
	void limit(NodeLimits limits) {
		this.limits = limits;
		this.nodeSlots = limits.slots();
		this.nodeSlots.wakes(this);
	}

	/**
	 * Whether the last claim found no job (or every queue is paused) and none runs.
	 * @return whether this producer has nothing to do
	 */
	boolean isDrained() {
		return (this.drained || isPaused()) && this.inFlight.get() == 0 && held() == 0;
	}

	@Override
	public void start() {
		if (this.running.compareAndSet(false, true)) {
			Thread started = new Thread(this::loop, "jobs-producer-" + String.join("+", this.queues));
			started.setDaemon(true);
			this.thread = started;
			started.start();
		}
	}

	/**
	 * Stop claiming, hand back the jobs held ahead (they never start after the stop), and
	 * wait for a claim in flight to come back. Jobs already handed to the executor keep
	 * running; the supervisor waits for them.
	 * @param timeout the longest wait for a claim in flight
	 */
	@Override
	public void stop(Duration timeout) {
		if (!this.running.compareAndSet(true, false)) {
			return;
		}
		ClaimAhead held = this.ahead;
		if (held != null) {
			// Available again for other nodes, attempt given back; a claim still on its
			// way hands its jobs back too.
			handBackAll(held.releaseAll(true));
		}
		this.wake.raise();
		Thread stopped = this.thread;
		try {
			stopped.join(Math.max(1, timeout.toMillis()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void handBackAll(List<Job> jobs) {
		if (!jobs.isEmpty()) {
			this.handBack.accept(jobs);
		}
	}

	/**
	 * Jobs may be available: look now.
	 */
	void wake() {
		this.moreLikely = true;
		this.wake.raise();
	}

	/**
	 * This node committed so many available jobs to the producer's queues: look now. A
	 * burst (more than the free slots and the fetch limit) is claimed ahead at once, in
	 * claims as large as the burst (up to the claim limit's growth), rather than in
	 * claims that start from the free slots and double while they come back full.
	 * @param jobs how many
	 */
	void wake(int jobs) {
		announce(jobs);
		wake();
	}

	private void announce(int jobs) {
		this.announced.accumulateAndGet(jobs, (known, more) -> (int) Math.min((long) known + more, Integer.MAX_VALUE));
	}

	/**
	 * Stop or go on claiming a queue, keeping the thread. Running jobs are not touched.
	 * @param queue one of this producer's queues
	 * @param paused whether to stop claiming it
	 */
	void setPaused(String queue, boolean paused) {
		boolean changed = paused ? this.pausedQueues.add(queue) : this.pausedQueues.remove(queue);
		if (changed && !paused) {
			wake();
		}
		ClaimAhead held = this.ahead;
		if (changed && paused && held != null) {
			handBackAll(held.releaseAll(false));
		}
	}

	boolean isPaused(String queue) {
		return this.pausedQueues.contains(queue);
	}

	private boolean isPaused() {
		return this.pausedQueues.containsAll(this.queues);
	}

	/**
	 * The queues this producer serves, first served first.
	 * @return the queues
	 */
	List<String> queues() {
		return this.queues;
	}

	/**
	 * Jobs of one queue running on this node.
	 * @param queue one of this producer's queues
	 * @return the count
	 */
	int inFlight(String queue) {
		AtomicInteger count = this.runningByQueue.get(queue);
		return (count != null) ? count.get() : 0;
	}

	QueueConfig config() {
		return this.config;
	}

	/**
	 * Jobs of this producer's queues running on this node.
	 * @return the count
	 */
	int inFlight() {
		return this.inFlight.get();
	}

	/**
	 * Jobs claimed ahead and not started yet.
	 * @return the count
	 */
	int held() {
		ClaimAhead held = this.ahead;
		return (held != null) ? held.size() : 0;
	}

	/**
	 * Whether this producer holds a job claimed ahead.
	 * @param id the job
	 * @return whether it is held here, not started
	 */
	boolean holds(long id) {
		ClaimAhead held = this.ahead;
		return held != null && held.holds(id);
	}

	/**
	 * Cancel a held job as it starts: it starts within about two claim round trips, and
	 * the cancel reaches it as it would a running job.
	 * @param id the job
	 * @return whether the job is held here
	 */
	boolean cancelWhenStarted(long id) {
		ClaimAhead held = this.ahead;
		return held != null && held.cancelOnStart(id);
	}

	private void loop() {
		Duration errorPause = this.config.pollInterval();
		while (this.running.get()) {
			Duration wait = this.config.pollInterval();
			long topUp = topUpNanos();
			if (topUp > 0) {
				awaitMoreSlots(topUp);
				continue;
			}
			try {
				if (fetchOnce()) {
					continue;
				}
				errorPause = this.config.pollInterval();
			}
			catch (Throwable ex) {
				logger.warn("Fetching jobs of queue {} failed; trying again in {} ms: {}",
						String.join(", ", this.queues), errorPause.toMillis(), ex.toString());
				wait = errorPause;
				errorPause = (errorPause.compareTo(MAX_ERROR_PAUSE) >= 0) ? MAX_ERROR_PAUSE
						: errorPause.multipliedBy(2);
			}
			wait = untilRetry(wait);
			try {
				this.wake.await(wait);
			}
			catch (InterruptedException ex) {
				if (!this.running.get()) {
					return;
				}
			}
		}
	}

	/**
	 * A rate window that held jobs back opens, or a claim from the head is owed: claim
	 * again then, not at the next poll. An owed claim from the head does not make a freed
	 * slot worth a claim before then: it would find what the last claim left, nothing (at
	 * 100 jobs/s, most claims were such). Jobs held back by a limit do, through
	 * {@link #continueAfter}.
	 */
	private Duration untilRetry(Duration wait) {
		Instant at = this.retryAt;
		if (at == null) {
			return wait;
		}
		Duration until = Duration.between(this.clock.instant(), at);
		if (until.compareTo(wait) >= 0) {
			return wait;
		}
		return until.isNegative() || until.isZero() ? Duration.ofMillis(1) : until;
	}

	/**
	 * How long to wait for more free slots before claiming.
	 * @return nanoseconds, or 0 to claim (or sleep) now
	 */
	private long topUpNanos() {
		int free = room();
		// Under a backlog only (a wake after a short claim means a few new jobs, and
		// waiting for slots would only delay them), or for a full limit's slots.
		boolean underBacklog = this.lastClaimFull && free < fullBatch();
		if (!this.moreLikely || free <= 0 || isPaused() || !(underBacklog || awaitsLimitedSlots())) {
			return 0;
		}
		long budget = Math.min(this.lastClaimNanos, MAX_TOP_UP_WAIT.toNanos());
		return budget - (this.nanoTime.getAsLong() - this.lastClaimEnd);
	}

	/**
	 * Whether to wait for this producer's limited jobs to end before the next claim. A
	 * claim that found a limit full takes only the slots the limit has free: claiming at
	 * each freed slot splits the limit's jobs into small claims that alternate for good,
	 * each paying a round trip under the limits' lock, where waiting (at most as long as
	 * a claim takes) lets one claim refill them together.
	 */
	private boolean awaitsLimitedSlots() {
		return this.heldByLimits && this.retryAt == null && this.limitedRunning.get() > 0;
	}

	private void awaitMoreSlots(long nanos) {
		this.wakeWhenFree = fullBatch();
		this.awaitingLimited = awaitsLimitedSlots();
		try {
			this.wake.await(Duration.ofNanos(nanos));
		}
		catch (InterruptedException ex) {
			// Only stop() ends the loop; it is checked next.
		}
		finally {
			this.wakeWhenFree = 1;
			this.awaitingLimited = false;
		}
	}

	/**
	 * Claim what fits.
	 * @return whether to look again at once, as the claim was full and more jobs may wait
	 */
	private boolean fetchOnce() {
		int announced = this.announced.getAndSet(0);
		this.aheadBound = aheadBound(announced);
		// Set again by this claim if it owes one; a producer that cannot claim now is
		// woken when a slot frees or the queue resumes.
		this.retryAt = null;
		int free = room();
		if (free <= 0 || isPaused() || !this.running.get()) {
			// Still there for the claim that finds them.
			announce(announced);
			return false;
		}
		Instant now = this.clock.instant();
		// In flight before the budget is reserved: a one-shot worker must not see this
		// node idle with its budget spent while the claim is still on its way.
		this.claimInFlightSince = now;
		int wanted = this.budget.reserve(Math.min(free, claimLimit()));
		int limit = this.nodeSlots.reserve(wanted);
		this.budget.giveBack(wanted - limit);
		if (limit == 0) {
			this.claimInFlightSince = null;
			// A job that ended while this claim was marked in flight skipped its check
			// of a one-shot node's end: check again now that it is not.
			this.onIdle.run();
			return false;
		}
		this.moreLikely = false;
		long started = this.nanoTime.getAsLong();
		int claimed;
		try {
			List<Job> jobs;
			try {
				jobs = claim(limit, now);
			}
			catch (RuntimeException ex) {
				this.budget.giveBack(limit);
				this.nodeSlots.release(limit);
				throw ex;
			}
			this.budget.giveBack(limit - jobs.size());
			this.nodeSlots.release(limit - jobs.size());
			this.lastClaimEnd = this.nanoTime.getAsLong();
			this.lastClaimNanos = this.lastClaimEnd - started;
			this.lastClaimFull = jobs.size() == limit;
			ClaimAhead held = this.ahead;
			if (held != null) {
				held.claimed(this.lastClaimFull && this.aheadBound > 0);
			}
			// Jobs before the position may wait: drained once a claim from the head says
			// so.
			this.drained = jobs.isEmpty() && !this.claimedAfterPosition;
			startAll(jobs);
			claimed = jobs.size();
		}
		finally {
			this.claimInFlightSince = null;
		}
		if (claimed == 0) {
			this.onIdle.run();
		}
		return continueAfter(claimed, limit);
	}

	private List<Job> claim(int limit, Instant now) {
		this.heldByLimits = false;
		this.claimedAfterPosition = false;
		if (this.queues.size() == 1) {
			return fetch(this.queues.get(0), limit, now);
		}
		List<Job> jobs = new ArrayList<>();
		for (String queue : this.queues) {
			if (jobs.size() == limit) {
				break;
			}
			if (isPaused(queue)) {
				continue;
			}
			try {
				jobs.addAll(fetch(queue, limit - jobs.size(), now));
			}
			catch (RuntimeException ex) {
				if (jobs.isEmpty()) {
					throw ex;
				}
				// Jobs of earlier queues are claimed already: run them, and let the
				// later queues wait for the next claim.
				logger.warn("Fetching jobs of queue '{}' failed; running the {} jobs claimed before it: {}", queue,
						jobs.size(), ex.toString());
				break;
			}
		}
		return jobs;
	}

	private List<Job> fetch(String queue, int limit, Instant now) {
		NodeLimits limits = this.limits;
		if (limits == null || limits.limits().isEmpty()) {
			return fetchFromCursor(new FetchParams(queue, limit, this.nodeId, now));
		}
		FetchResult result = this.store.fetchWithinLimits(
				new FetchParams(queue, limit, this.nodeId, now, limits.limits(), limits.endedUnwritten()));
		Instant at = result.retryAt();
		if (at != null) {
			retryBy(at);
		}
		this.heldByLimits |= result.held();
		result.jobs().forEach(limits::claimed);
		return result.jobs();
	}

	private List<Job> fetchFromCursor(FetchParams params) {
		ClaimCursor cursor = this.cursor;
		if (cursor == null) {
			return this.store.fetch(params);
		}
		long sent = this.nanoTime.getAsLong();
		ClaimPosition after = cursor.next(sent);
		this.claimedAfterPosition = (after != null);
		List<Job> jobs = this.store.fetch(params.after(after));
		long owed = cursor.claimed(jobs, jobs.size() == params.limit(), after, sent, this.nanoTime.getAsLong());
		if (owed >= 0) {
			// Claim from the head by then, for the jobs before the position, even if
			// nothing wakes this producer.
			retryBy(this.clock.instant().plusNanos(owed));
		}
		return jobs;
	}

	private void retryBy(Instant at) {
		if (this.retryAt == null || at.isBefore(this.retryAt)) {
			this.retryAt = at;
		}
	}

	private void startAll(List<Job> jobs) {
		ClaimAhead held = this.ahead;
		for (int i = 0; i < jobs.size(); i++) {
			if (!this.running.get()) {
				this.handBack.accept(jobs.subList(i, jobs.size()));
				this.nodeSlots.release(jobs.size() - i);
				return;
			}
			if (held == null) {
				// Without claim-ahead a claim never takes more than the free slots.
				this.inFlight.incrementAndGet();
			}
			else if (!takeSlot()) {
				handBackAll(held.hold(List.copyOf(jobs.subList(i, jobs.size()))));
				// A slot freed while these were put aside found nothing held yet.
				startHeld();
				return;
			}
			Job job = jobs.get(i);
			try {
				start(job);
			}
			catch (Throwable ex) {
				// The executor handed this job back itself;
				// the rest of the claim goes back too.
				this.handBack.accept(jobs.subList(i + 1, jobs.size()));
				this.nodeSlots.release(jobs.size() - i - 1);
				throw ex;
			}
		}
	}

	private void start(Job job) {
		AtomicInteger ofQueue = this.runningByQueue.get(job.queue());
		ofQueue.incrementAndGet();
		ClaimAhead held = this.ahead;
		long handedOver = (held != null) ? this.nanoTime.getAsLong() : 0;
		NodeLimits nodeLimits = this.limits;
		boolean limited = nodeLimits != null && nodeLimits.limits().find(job.kind()) != null;
		if (limited) {
			this.limitedRunning.incrementAndGet();
		}
		this.executor.execute(job, () -> {
			if (limited) {
				nodeLimits.ended(job);
				this.limitedRunning.decrementAndGet();
			}
			ofQueue.decrementAndGet();
			if (held != null) {
				held.ran(this.nanoTime.getAsLong() - handedOver);
			}
			this.nodeSlots.release(1);
			slotFreed();
			this.onIdle.run();
		});
	}

	/** Take a free slot for a held job, if one is free. */
	private boolean takeSlot() {
		int max = this.config.concurrency();
		return this.inFlight.getAndUpdate((n) -> (n < max) ? n + 1 : n) < max;
	}

	/**
	 * Start held jobs while slots are free: from the thread of a job that just ended, or
	 * from the producer after it put jobs aside.
	 */
	private void startHeld() {
		ClaimAhead held = this.ahead;
		if (held == null) {
			return;
		}
		if (held.size() > 0 && isPaused()) {
			handBackAll(held.releaseAll(false));
			return;
		}
		while (held.size() > 0 && takeSlot()) {
			Job job = held.take();
			if (job == null) {
				this.inFlight.decrementAndGet();
				// Jobs put aside while this thread had the slot (the producer could not
				// take it) are seen by the loop's check.
				continue;
			}
			try {
				start(job);
			}
			catch (Throwable ex) {
				// The executor handed this job back itself; without threads the rest go
				// back too.
				logger.warn("Starting a held job of queue {} failed; handing back the jobs held: {}",
						String.join(", ", this.queues), ex.toString());
				handBackAll(held.releaseAll(false));
				return;
			}
			if (held.cancelRequested(job.id())) {
				this.executor.cancel(job.id());
			}
		}
	}

	/**
	 * Jobs the next claim may take: free slots, plus those it may hold ahead.
	 */
	private int room() {
		return freeSlots() + this.aheadBound;
	}

	/** Slots that no running job takes and no held job waits for. */
	private int freeSlots() {
		return this.config.concurrency() - this.inFlight.get() - held();
	}

	/**
	 * The most jobs one claim asks for: the fetch limit, grown under a deep backlog of
	 * short jobs while jobs are held ahead.
	 */
	private int claimLimit() {
		ClaimAhead held = this.ahead;
		return (held != null && this.aheadBound > 0) ? held.claimLimit() : this.config.fetchLimit();
	}

	/** Free room for a full claim: what a claim under a backlog waits for. */
	private int fullBatch() {
		ClaimAhead held = this.ahead;
		return (held != null) ? held.batch(this.aheadBound)
				: Math.min(this.config.fetchLimit(), this.config.concurrency());
	}

	/**
	 * How many jobs the next claim may hold beyond the free slots.
	 * @param announced available jobs this node committed since the last claim
	 */
	private int aheadBound(int announced) {
		ClaimAhead held = this.ahead;
		NodeLimits nodeLimits = this.limits;
		if (held == null || this.nodeSlots.isCapped() || this.budget.isLimited()
				|| (nodeLimits != null && !nodeLimits.limits().isEmpty())) {
			// Limits count running jobs, and a one-shot node counts its claims: holding
			// jobs there would keep them from other nodes for nothing. Kept simple: off.
			return 0;
		}
		// A burst this node committed is a deep backlog known before a claim comes back
		// full: more jobs than the free slots take, and than a claim of the fetch limit.
		boolean burst = announced > Math.max(freeSlots(), this.config.fetchLimit());
		if (burst) {
			held.expect(announced);
		}
		return held.bound(this.lastClaimFull || burst, this.lastClaimNanos);
	}

	/**
	 * The claim time of a claim whose jobs are not all with the executor yet: jobs
	 * claimed at or after it may be on their way to the executor.
	 * @return the time, or {@code null} when no claim is in flight
	 */
	@Nullable Instant claimInFlightSince() {
		return this.claimInFlightSince;
	}

	private boolean continueAfter(int claimed, int limit) {
		if (this.heldByLimits) {
			// Jobs wait on a limit: the next slot this node frees (its job no longer
			// counts) is worth a claim, full or not.
			this.moreLikely = true;
		}
		if (claimed == limit) {
			this.moreLikely = true;
			return room() > 0;
		}
		return false;
	}

	private void slotFreed() {
		this.inFlight.decrementAndGet();
		startHeld();
		if (this.moreLikely && room() >= this.wakeWhenFree
				&& !(this.awaitingLimited && this.limitedRunning.get() > 0)) {
			this.wake.raise();
		}
	}

}
