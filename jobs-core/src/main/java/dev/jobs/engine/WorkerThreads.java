package dev.jobs.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads jobs run on: virtual threads where asked for and the runtime has them (Java
 * 21+; this library is compiled for 17, so they are reached reflectively), else a pool of
 * platform threads, at most one per slot.
 * <p>
 * The pool is built for bursts of short jobs: a claim hands over up to a hundred jobs at
 * once, and waking a parked thread costs more than a short job. Jobs wait in one queue; a
 * thread that finishes a job takes the next without parking; and at most one idle thread
 * is being woken at a time: the woken thread, once it has a job, wakes the next if jobs
 * are still waiting. A burst of jobs that block still gets a thread each, one wake-up
 * after another, while a burst of short ones is mostly run by threads already awake.
 * <p>
 * A thread whose job's slot was freed while its handler still runs (it ignored the
 * interrupt of its timeout) must not hold that slot: the pool {@linkplain #lend() lends}
 * a thread in its place until it {@linkplain #giveBack() comes back}.
 */
final class WorkerThreads {

	private static final Logger logger = LoggerFactory.getLogger(WorkerThreads.class);

	/** How long an idle platform thread is kept. */
	static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(60);

	private final @Nullable ExecutorService virtual;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	/** Parked threads, the most recently parked first (its caches are warmest). */
	private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();

	private final Set<Worker> workers = ConcurrentHashMap.newKeySet();

	/** Threads woken or started that have not yet looked for a job. */
	private final AtomicInteger waking = new AtomicInteger();

	private final AtomicInteger threads = new AtomicInteger();

	private final AtomicInteger names = new AtomicInteger();

	/** Threads the pool may have: one per slot, plus those lent. */
	private final AtomicInteger size;

	private volatile boolean shutdown;

	private WorkerThreads(@Nullable ExecutorService virtual, int size) {
		this.virtual = virtual;
		this.size = new AtomicInteger(size);
	}

	/**
	 * Threads for jobs.
	 * @param virtual whether virtual threads are wanted
	 * @param slots how many jobs may run at once (the sum of the queues' concurrency)
	 * @return the threads
	 */
	static WorkerThreads create(boolean virtual, int slots) {
		if (virtual) {
			ExecutorService executor = virtualThreadExecutor();
			if (executor != null) {
				return new WorkerThreads(executor, 0);
			}
			logger.info("Virtual threads were asked for but this runtime (Java {}) has none; using platform threads",
					Runtime.version().feature());
		}
		return new WorkerThreads(null, Math.max(1, slots));
	}

	static boolean virtualThreadsAvailable() {
		return Runtime.version().feature() >= 21;
	}

	/**
	 * Run a task on a thread of its own.
	 * @param task the task
	 * @throws RejectedExecutionException once shut down
	 */
	void execute(Runnable task) {
		if (this.virtual != null) {
			this.virtual.execute(task);
			return;
		}
		if (this.shutdown) {
			throw new RejectedExecutionException("Worker threads are shut down");
		}
		this.tasks.offer(task);
		boolean started = signal();
		// Shut down meanwhile, or no thread at all to run it: take it back, and let the
		// caller hand its job back.
		if ((this.shutdown || (!started && this.threads.get() == 0)) && this.tasks.remove(task)) {
			throw new RejectedExecutionException(this.shutdown ? "Worker threads are shut down"
					: "No worker thread could be started; see the error logged before");
		}
	}

	/**
	 * A job's slot was freed while its thread is still busy: add a thread for as long as
	 * the busy one runs.
	 */
	void lend() {
		if (this.virtual == null) {
			this.size.incrementAndGet();
			if (!this.tasks.isEmpty()) {
				signal();
			}
		}
	}

	/**
	 * A thread that was lent for came back.
	 */
	void giveBack() {
		if (this.virtual == null) {
			this.size.decrementAndGet();
		}
	}

	/**
	 * Threads the pool may have now.
	 * @return one per slot plus those lent, or 0 for virtual threads
	 */
	int size() {
		return this.size.get();
	}

	void shutdownNow() {
		if (this.virtual != null) {
			this.virtual.shutdownNow();
			return;
		}
		this.shutdown = true;
		this.workers.forEach((worker) -> worker.thread.interrupt());
	}

	/**
	 * Make sure a thread will look at the queue: one being woken will; else wake an idle
	 * one, or start one if the pool may grow. With every thread busy, the one whose job
	 * just settled (which freed the slot this task came for) takes it when it is back.
	 * @return false only when a thread was needed and could not be started
	 */
	private boolean signal() {
		while (!this.shutdown && this.waking.get() == 0) {
			Worker parked = this.idle.pollFirst();
			if (parked != null) {
				this.waking.incrementAndGet();
				parked.wake();
				return true;
			}
			int count = this.threads.get();
			if (count >= this.size.get()) {
				return true;
			}
			if (this.threads.compareAndSet(count, count + 1)) {
				return startWorker();
			}
		}
		return true;
	}

	private boolean startWorker() {
		this.waking.incrementAndGet();
		Worker worker = null;
		try {
			worker = new Worker("jobs-worker-" + this.names.incrementAndGet());
			this.workers.add(worker);
			worker.thread.start();
			return true;
		}
		catch (Throwable ex) {
			// Out of native threads, most likely: undo the counts,
			// or no idle thread would ever be woken again.
			if (worker != null) {
				this.workers.remove(worker);
			}
			this.threads.decrementAndGet();
			this.waking.decrementAndGet();
			logger.error("Could not start a worker thread; jobs wait for a running one", ex);
			return false;
		}
	}

	private static @Nullable ExecutorService virtualThreadExecutor() {
		if (!virtualThreadsAvailable()) {
			return null;
		}
		try {
			MethodHandle create = MethodHandles.publicLookup()
				.findStatic(Executors.class, "newVirtualThreadPerTaskExecutor",
						MethodType.methodType(ExecutorService.class));
			return (ExecutorService) create.invoke();
		}
		catch (Throwable ex) {
			logger.warn("Could not create virtual threads; using platform threads", ex);
			return null;
		}
	}

	private final class Worker {

		private final Thread thread;

		private volatile boolean woken;

		Worker(String name) {
			this.thread = new Thread(this::run, name);
			this.thread.setDaemon(true);
		}

		void wake() {
			this.woken = true;
			LockSupport.unpark(this.thread);
		}

		private void run() {
			boolean waking = true;
			try {
				while (!WorkerThreads.this.shutdown) {
					Runnable task = WorkerThreads.this.tasks.poll();
					if (waking) {
						waking = false;
						// Pass it on: jobs still wait and no other thread is on its way.
						if (WorkerThreads.this.waking.decrementAndGet() == 0 && task != null
								&& !WorkerThreads.this.tasks.isEmpty()) {
							signal();
						}
					}
					if (task != null) {
						runTask(task);
					}
					else if (awaitWork()) {
						waking = true;
					}
					else {
						return;
					}
				}
			}
			finally {
				WorkerThreads.this.workers.remove(this);
			}
		}

		private void runTask(Runnable task) {
			try {
				task.run();
			}
			catch (Throwable ex) {
				logger.error("A job's task failed outside its handler", ex);
			}
			// An interrupt meant for the last job must not cut the next wait short.
			Thread.interrupted();
		}

		/**
		 * Park until woken for a job.
		 * @return true when woken (as one of the threads {@code waking}), false when kept
		 * idle too long (the thread ends)
		 */
		private boolean awaitWork() {
			this.woken = false;
			WorkerThreads.this.idle.addFirst(this);
			// A task offered after this thread's last look found it neither awake nor
			// parked: look again now that it is findable.
			if (!WorkerThreads.this.tasks.isEmpty() && WorkerThreads.this.idle.remove(this)) {
				WorkerThreads.this.waking.incrementAndGet();
				return true;
			}
			long deadline = System.nanoTime() + KEEP_ALIVE_NANOS;
			while (!this.woken) {
				if (WorkerThreads.this.shutdown) {
					WorkerThreads.this.idle.remove(this);
					return false;
				}
				long left = deadline - System.nanoTime();
				if (left <= 0 && WorkerThreads.this.idle.remove(this)) {
					WorkerThreads.this.threads.decrementAndGet();
					// Leaving: a task offered meanwhile may have counted on this thread.
					if (!WorkerThreads.this.tasks.isEmpty()) {
						signal();
					}
					return false;
				}
				LockSupport.parkNanos(this, Math.max(left, TimeUnit.MILLISECONDS.toNanos(1)));
				Thread.interrupted();
			}
			return true;
		}

	}

}
