package dev.jobs.store.memory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which job waits for which, both ways; touched only under the store's lock.
 */
final class MemoryDependencies {

	/** Dependency id to the edges of the jobs that wait for it. */
	private final Map<Long, List<Edge>> dependents = new HashMap<>();

	/** Job id to the ids of the jobs it waits for. */
	private final Map<Long, List<Long>> dependencies = new HashMap<>();

	/** Job id to whether it runs whatever its dependencies' outcome. */
	private final Map<Long, Boolean> runsAnyway = new HashMap<>();

	boolean runsAnyway(long job) {
		return this.runsAnyway.getOrDefault(job, false);
	}

	void add(long job, long dependency, boolean runAnyway) {
		this.runsAnyway.put(job, runAnyway);
		this.dependents.computeIfAbsent(dependency, (id) -> new ArrayList<>()).add(new Edge(job, runAnyway));
		this.dependencies.computeIfAbsent(job, (id) -> new ArrayList<>()).add(dependency);
	}

	List<Edge> dependentsOf(long dependency) {
		return this.dependents.getOrDefault(dependency, List.of());
	}

	List<Long> dependenciesOf(long job) {
		return this.dependencies.getOrDefault(job, List.of());
	}

	/**
	 * Forget a deleted job's edges, both ways.
	 * @param job the job
	 */
	void forget(long job) {
		for (long dependency : this.dependencies.getOrDefault(job, List.of())) {
			List<Edge> edges = this.dependents.get(dependency);
			if (edges != null) {
				edges.removeIf((edge) -> edge.job() == job);
				if (edges.isEmpty()) {
					this.dependents.remove(dependency);
				}
			}
		}
		this.dependencies.remove(job);
		this.dependents.remove(job);
		this.runsAnyway.remove(job);
	}

	/**
	 * One job waiting for another.
	 *
	 * @param job the waiting job
	 * @param runAnyway whether it runs whatever the other's outcome
	 */
	record Edge(long job, boolean runAnyway) {
	}

}
