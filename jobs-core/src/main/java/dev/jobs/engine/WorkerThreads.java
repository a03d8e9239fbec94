package dev.jobs.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads jobs run on: virtual threads where asked for and the runtime has them (Java
 * 21+; this library is compiled for 17, so they are reached reflectively), else a cached
 * pool of daemon platform threads. Neither is bounded here: a producer never hands out
 * more jobs than its queue's concurrency, and a thread whose job timed out but ignores
 * its interrupt must not hold a slot.
 */
final class WorkerThreads {

	private static final Logger logger = LoggerFactory.getLogger(WorkerThreads.class);

	private WorkerThreads() {
	}

	static ExecutorService create(boolean virtual) {
		if (virtual) {
			ExecutorService executor = virtualThreadExecutor();
			if (executor != null) {
				return executor;
			}
			logger.info("Virtual threads were asked for but this runtime (Java {}) has none; using platform threads",
					Runtime.version().feature());
		}
		AtomicInteger count = new AtomicInteger();
		ThreadFactory factory = (task) -> {
			Thread thread = new Thread(task, "jobs-worker-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
		return Executors.newCachedThreadPool(factory);
	}

	static boolean virtualThreadsAvailable() {
		return Runtime.version().feature() >= 21;
	}

	private static ExecutorService virtualThreadExecutor() {
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

}
