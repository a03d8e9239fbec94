package dev.jobs.store;

import java.util.Set;

/**
 * What staging moved.
 *
 * @param staged how many jobs became available
 * @param queues the queues that received them
 */
public record StageResult(int staged, Set<String> queues) {

	public StageResult {
		queues = Set.copyOf(queues);
	}

}
