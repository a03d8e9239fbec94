package dev.jobs.store;

import java.util.Set;
import java.util.TreeSet;

/**
 * What a bulk action changed.
 *
 * @param changed how many jobs it changed (jobs it had to leave alone are not counted)
 * @param queues the queues of the changed jobs
 */
public record BulkResult(int changed, Set<String> queues) {

	/** Nothing changed. */
	public static final BulkResult NONE = new BulkResult(0, Set.of());

	public BulkResult {
		queues = Set.copyOf(queues);
	}

	/**
	 * This result and another one, as one.
	 * @param other the other result
	 * @return both added up
	 */
	public BulkResult plus(BulkResult other) {
		Set<String> all = new TreeSet<>(this.queues);
		all.addAll(other.queues);
		return new BulkResult(this.changed + other.changed, all);
	}

}
