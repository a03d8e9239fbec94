package dev.jobs.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node-wide cap: the most jobs running on this node across all its queues, shared by
 * its producers. A producer reserves slots before a claim, gives back what the claim did
 * not fill, and frees one when a job ends; a slot freed while the node was full wakes the
 * producers, since any of them may have jobs waiting.
 */
final class NodeSlots {

	private final int max;

	private final AtomicInteger free;

	private final List<Producer> producers = new CopyOnWriteArrayList<>();

	/**
	 * Slots for a node.
	 * @param max the most jobs at once, or 0 for no cap
	 */
	NodeSlots(int max) {
		this.max = max;
		this.free = new AtomicInteger(max);
	}

	boolean isCapped() {
		return this.max > 0;
	}

	int max() {
		return this.max;
	}

	/**
	 * Jobs that run, or are being claimed, on this node.
	 * @return the count, 0 without a cap
	 */
	int inUse() {
		return isCapped() ? this.max - this.free.get() : 0;
	}

	void wakes(Producer producer) {
		this.producers.add(producer);
	}

	/**
	 * Reserve up to {@code wanted} slots.
	 * @param wanted the jobs a producer would claim
	 * @return how many it may claim, possibly 0
	 */
	int reserve(int wanted) {
		if (!isCapped()) {
			return wanted;
		}
		while (true) {
			int current = this.free.get();
			int granted = Math.min(wanted, current);
			if (granted == 0 || this.free.compareAndSet(current, current - granted)) {
				return granted;
			}
		}
	}

	/**
	 * Give back slots: reserved and not filled, or of jobs that ended.
	 * @param count the slots
	 */
	void release(int count) {
		if (!isCapped() || count <= 0) {
			return;
		}
		if (this.free.getAndAdd(count) == 0) {
			this.producers.forEach(Producer::wake);
		}
	}

}
