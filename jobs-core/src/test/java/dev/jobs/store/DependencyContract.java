package dev.jobs.store;

import java.util.List;

import dev.jobs.Job;
import dev.jobs.JobState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Results and dependencies: a completion stores the handler's result; a job with
 * dependencies waits {@link JobState#PENDING} until they completed, and is cancelled when
 * one fails unless it runs anyway; pruning keeps what a waiting job needs.
 */
public interface DependencyContract extends JobStoreFixture {

	@Test
	default void completionStoresTheResult() {
		Job job = executing("a");
		store().complete(List.of(Completion.completed(job, at(2), "{\"width\":640}")));
		assertSameJson(reload(job).result(), "{\"width\":640}");
	}

	@Test
	default void completionWithoutResultStoresNothing() {
		Job job = executing("a");
		store().complete(List.of(Completion.completed(job, at(2))));
		assertThat(reload(job).result()).isNull();
	}

	@Test
	default void jobWaitsPendingUntilItsDependenciesComplete() {
		Job first = insertOne(job("a"));
		Job second = insertOne(job("b"));
		Job join = insertOne(job("join").dependsOn(Dependencies.on(List.of(first.id(), second.id()))));
		assertThat(join.state()).isEqualTo(JobState.PENDING);
		List<Job> claimed = fetch(10, at(1));
		assertThat(claimed).extracting(Job::id).containsExactlyInAnyOrder(first.id(), second.id());
		store().complete(List.of(Completion.completed(claimed.get(0), at(2), "1")));
		assertThat(reload(join).state()).isEqualTo(JobState.PENDING);
		store().complete(List.of(Completion.completed(claimed.get(1), at(3), "2")));
		assertThat(reload(join).state()).isEqualTo(JobState.AVAILABLE);
		assertThat(fetch(10, at(4))).extracting(Job::id).containsExactly(join.id());
		assertThat(store().dependencies(join.id())).extracting(Job::id)
			.containsExactlyInAnyOrder(first.id(), second.id());
		assertThat(store().dependencies(join.id())).extracting(Job::result).containsExactlyInAnyOrder("1", "2");
	}

	@Test
	default void completionsOfSeveralDependenciesInOneBatchReleaseTheJobOnce() {
		Job first = insertOne(job("a"));
		Job second = insertOne(job("b"));
		Job join = insertOne(job("join").dependsOn(Dependencies.on(List.of(first.id(), second.id()))));
		List<Job> claimed = fetch(10, at(1));
		store().complete(claimed.stream().map((job) -> Completion.completed(job, at(2))).toList());
		Job released = reload(join);
		assertThat(released.state()).isEqualTo(JobState.AVAILABLE);
	}

	@Test
	default void jobsOfOneInsertDependOnEarlierOnes() {
		List<Job> stored = insert(job("a"), job("b"),
				job("join").dependsOn(new Dependencies(List.of(), List.of(0, 1), false)));
		assertThat(stored).extracting(Job::state)
			.containsExactly(JobState.AVAILABLE, JobState.AVAILABLE, JobState.PENDING);
		assertThat(store().dependencies(stored.get(2).id())).extracting(Job::id)
			.containsExactlyInAnyOrder(stored.get(0).id(), stored.get(1).id());
	}

	@Test
	default void dependencyOnCompletedJobDoesNotWait() {
		Job done = finished("a", Completion.Result.COMPLETED);
		Job next = insertOne(job("b").dependsOn(Dependencies.on(List.of(done.id()))));
		assertThat(next.state()).isEqualTo(JobState.AVAILABLE);
	}

	@Test
	default void dependencyOnMissingJobIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> insertOne(job("b").dependsOn(Dependencies.on(List.of(987654L)))))
			.withMessageContaining("job 987654")
			.withMessageContaining("no such job");
	}

	@Test
	default void discardedDependencyCancelsItsDependentsTransitivelyNamingIt() {
		Job root = insertOne(job("a"));
		Job child = insertOne(job("b").dependsOn(Dependencies.on(List.of(root.id()))));
		Job grandchild = insertOne(job("c").dependsOn(Dependencies.on(List.of(child.id()))));
		Job claimed = fetch(1, at(1)).get(0);
		store().complete(List.of(Completion.discard(claimed, at(2), failure(1, at(2)))));
		Job cancelledChild = reload(child);
		assertThat(cancelledChild.state()).isEqualTo(JobState.CANCELLED);
		assertThat(cancelledChild.finishedAt()).isEqualTo(at(2));
		assertThat(cancelledChild.errors()).singleElement()
			.satisfies((error) -> assertThat(error.error()).contains("job " + root.id()).contains("discarded"));
		Job cancelledGrandchild = reload(grandchild);
		assertThat(cancelledGrandchild.state()).isEqualTo(JobState.CANCELLED);
		assertThat(cancelledGrandchild.errors()).singleElement()
			.satisfies((error) -> assertThat(error.error()).contains("job " + child.id()).contains("cancelled"));
	}

	@Test
	default void dependentThatRunsAnywayIsReleasedByAFailedDependency() {
		Job root = insertOne(job("a"));
		Job callback = insertOne(job("b").dependsOn(Dependencies.on(List.of(root.id())).runAnyway(true)));
		Job claimed = fetch(1, at(1)).get(0);
		store().complete(List.of(Completion.discard(claimed, at(2), failure(1, at(2)))));
		assertThat(reload(callback).state()).isEqualTo(JobState.AVAILABLE);
	}

	@Test
	default void dependencyOnAFailedJobCancelsTheNewJobAtOnce() {
		Job failed = finished("a", Completion.Result.DISCARDED);
		Job next = insertOne(job("b").dependsOn(Dependencies.on(List.of(failed.id()))));
		assertThat(next.state()).isEqualTo(JobState.CANCELLED);
		assertThat(next.errors()).singleElement()
			.satisfies((error) -> assertThat(error.error()).contains("job " + failed.id()));
	}

	@Test
	default void cancellingAPendingJobCancelsItsDependents() {
		Job root = insertOne(job("a"));
		Job child = insertOne(job("b").dependsOn(Dependencies.on(List.of(root.id()))));
		Job grandchild = insertOne(job("c").dependsOn(Dependencies.on(List.of(child.id()))));
		assertThat(store().cancel(child.id(), at(1))).get().extracting(Job::state).isEqualTo(JobState.CANCELLED);
		assertThat(reload(grandchild).state()).isEqualTo(JobState.CANCELLED);
		assertThat(reload(root).state()).isEqualTo(JobState.AVAILABLE);
	}

	@Test
	default void bulkCancelOfAPendingJobCancelsItsDependents() {
		Job root = insertOne(job("a"));
		Job child = insertOne(job("b").dependsOn(Dependencies.on(List.of(root.id()))));
		Job grandchild = insertOne(job("c").dependsOn(Dependencies.on(List.of(child.id()))));
		assertThat(store().cancelAll(List.of(child.id()), at(1)).changed()).isOne();
		assertThat(reload(child).state()).isEqualTo(JobState.CANCELLED);
		assertThat(reload(grandchild).state()).isEqualTo(JobState.CANCELLED);
		assertThat(reload(root).state()).isEqualTo(JobState.AVAILABLE);
	}

	@Test
	default void deletingAnUnfinishedDependencySettlesItsDependentsAsIfItWasCancelled() {
		Job root = insertOne(job("a"));
		Job waiting = insertOne(job("b").dependsOn(Dependencies.on(List.of(root.id()))));
		Job runsAnyway = insertOne(job("c").dependsOn(Dependencies.on(List.of(root.id())).runAnyway(true)));
		assertThat(store().deleteAll(List.of(root.id()), at(1)).changed()).isOne();
		Job cancelled = reload(waiting);
		assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
		assertThat(cancelled.finishedAt()).isEqualTo(at(1));
		assertThat(cancelled.errors()).singleElement()
			.satisfies((error) -> assertThat(error.error()).contains("job " + root.id()));
		assertThat(reload(runsAnyway).state()).isEqualTo(JobState.AVAILABLE);
	}

	@Test
	default void clearingAQueueSettlesTheJobsThatWaitForItsJobs() {
		Job available = insertOne(job("a"));
		Job scheduled = insertOne(job("b", 0, at(100)));
		Job waitsForAvailable = insertOne(job("c").dependsOn(Dependencies.on(List.of(available.id()))));
		Job waitsForScheduled = insertOne(job("d").dependsOn(Dependencies.on(List.of(scheduled.id()))));
		assertThat(store().deleteAvailable(QUEUE, at(1))).isOne();
		assertThat(reload(waitsForAvailable).state()).isEqualTo(JobState.CANCELLED);
		assertThat(reload(waitsForScheduled).state()).isEqualTo(JobState.PENDING);
		assertThat(store().deleteWaiting(QUEUE, at(2))).isOne();
		assertThat(reload(waitsForScheduled).state()).isEqualTo(JobState.CANCELLED);
	}

	@Test
	default void aDoomedJobThatWaitsForAnotherDoomedOneIsSettledOnce() {
		Job first = insertOne(job("a"));
		Job second = insertOne(job("b").dependsOn(Dependencies.on(List.of(first.id()))));
		Job other = insertOne(job("other"));
		Job last = insertOne(job("c").dependsOn(Dependencies.on(List.of(second.id(), other.id())).runAnyway(true)));
		assertThat(store().deleteAll(List.of(first.id(), second.id()), at(1)).changed()).isEqualTo(2);
		Job waiting = reload(last);
		assertThat(waiting.state()).as("still waits for %s", other.id()).isEqualTo(JobState.PENDING);
	}

	@Test
	default void clearingAQueueDeletesOnlyItsWaitingJobsNotTheOnesItReleases() {
		Job first = insertOne(job("a"));
		Job released = insertOne(job("b").dependsOn(Dependencies.on(List.of(first.id())).runAnyway(true)));
		Job next = insertOne(job("c").dependsOn(Dependencies.on(List.of(released.id()))));
		assertThat(store().deleteAvailable(QUEUE, at(1))).isOne();
		assertThat(reload(released).state()).isEqualTo(JobState.AVAILABLE);
		assertThat(reload(next).state()).isEqualTo(JobState.PENDING);
	}

	@Test
	default void deletingACompletedDependencyLeavesItsDependentWaitingForTheOthers() {
		Job done = finished("a", Completion.Result.COMPLETED);
		Job other = insertOne(job("other"));
		Job waiting = insertOne(job("b").dependsOn(Dependencies.on(List.of(done.id(), other.id()))));
		assertThat(store().deleteAll(List.of(done.id()), at(1)).changed()).isOne();
		assertThat(reload(waiting).state()).isEqualTo(JobState.PENDING);
		Job claimed = fetch(1, at(2)).get(0);
		store().complete(List.of(Completion.completed(claimed, at(3))));
		assertThat(reload(waiting).state()).isEqualTo(JobState.AVAILABLE);
	}

	@Test
	default void retryRunsAPendingJobWithoutWaiting() {
		Job root = insertOne(job("a"));
		Job child = insertOne(job("b").dependsOn(Dependencies.on(List.of(root.id()))));
		assertThat(store().retry(child.id(), at(1))).get().extracting(Job::state).isEqualTo(JobState.AVAILABLE);
	}

	@Test
	default void rescueThatDiscardsCancelsTheDependents() {
		Job root = insertOne(withMaxAttempts("a", 1));
		Job child = insertOne(job("b").dependsOn(Dependencies.on(List.of(root.id()))));
		executing(root, "dead-node", at(1));
		assertThat(store().rescue(new RescueParams(at(100), at(50), 10))).extracting(Job::state)
			.containsExactly(JobState.DISCARDED);
		assertThat(reload(child).state()).isEqualTo(JobState.CANCELLED);
	}

	@Test
	default void pruneKeepsAFinishedJobThatAWaitingJobNeeds() {
		Job done = finished("a", Completion.Result.COMPLETED);
		Job other = insertOne(job("other"));
		Job waiting = insertOne(job("b").dependsOn(Dependencies.on(List.of(done.id(), other.id()))));
		assertThat(waiting.state()).isEqualTo(JobState.PENDING);
		store().prune(new PruneParams(at(1000), at(1000), at(1000), at(0), 100));
		assertThat(store().find(done.id())).isPresent();
		store().cancel(waiting.id(), at(3));
		store().prune(new PruneParams(at(1000), at(1000), at(1000), at(0), 100));
		assertThat(store().find(done.id())).isEmpty();
		assertThat(store().find(waiting.id())).isEmpty();
	}

}
