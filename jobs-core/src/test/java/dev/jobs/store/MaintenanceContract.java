package dev.jobs.store;

import java.util.List;

import dev.jobs.Job;
import dev.jobs.JobError;
import dev.jobs.JobState;
import dev.jobs.UniqueStrategy;
import dev.jobs.store.memory.MemoryJobStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leader's work: {@link JobStore#stage}, {@link JobStore#rescue} with the node
 * heartbeats it reads, and {@link JobStore#prune}.
 */
public interface MaintenanceContract extends JobStoreFixture {

	@Test
	default void stageMakesDueScheduledJobsAvailable() {
		Job job = insertOne(scheduled("a", at(60)));
		StageResult result = store().stage(new StageParams(at(60), 10));
		assertThat(result.staged()).isOne();
		assertThat(reload(job).state()).isEqualTo(JobState.AVAILABLE);
		assertThat(fetch(10, at(61))).extracting(Job::id).containsExactly(job.id());
	}

	@Test
	default void stageMakesDueRetryableJobsAvailable() {
		Job job = finished("a", Completion.Result.RETRYABLE);
		assertThat(store().stage(new StageParams(at(61), 10)).staged()).isOne();
		assertThat(reload(job).state()).isEqualTo(JobState.AVAILABLE);
	}

	@Test
	default void stageKeepsTheTimeAJobWasDue() {
		Job job = insertOne(scheduled("a", at(60)));
		store().stage(new StageParams(at(90), 10));
		assertThat(reload(job).scheduledAt()).isEqualTo(at(60));
	}

	@Test
	default void stageLeavesJobsThatAreNotDueYet() {
		Job job = insertOne(scheduled("a", at(61)));
		StageResult result = store().stage(new StageParams(at(60), 10));
		assertThat(result.staged()).isZero();
		assertThat(result.queues()).isEmpty();
		assertThat(reload(job).state()).isEqualTo(JobState.SCHEDULED);
	}

	@Test
	default void nextDueIsTheEarliestScheduledOrRetryableJobInTheWindow() {
		assertThat(store().nextDue(at(3600))).isEmpty();
		executing("executing");
		Job retryable = finished("retryable", Completion.Result.RETRYABLE);
		insertOne(job("available"));
		assertThat(retryable.scheduledAt()).isEqualTo(at(60));
		insert(scheduled("later", at(90)), scheduled("much_later", at(7200)));

		assertThat(store().nextDue(at(3600))).contains(at(60));
		assertThat(store().nextDue(at(60))).as("the window's end is excluded").isEmpty();
		insertOne(scheduled("sooner", at(30)));
		assertThat(store().nextDue(at(3600))).contains(at(30));
		store().stage(new StageParams(at(60), 10));
		assertThat(store().nextDue(at(3600))).contains(at(90));
		assertThat(store().nextDue(at(90))).isEmpty();
	}

	@Test
	default void nextDueCountsJobsAlreadyDue() {
		insertOne(scheduled("overdue", at(10)));
		assertThat(store().nextDue(at(60))).contains(at(10));
	}

	@Test
	default void stageMovesAtMostTheLimit() {
		insert(scheduled("a", at(10)), scheduled("b", at(20)), scheduled("c", at(30)));
		assertThat(store().stage(new StageParams(at(60), 2)).staged()).isEqualTo(2);
		assertThat(store().stage(new StageParams(at(60), 2)).staged()).isOne();
		assertThat(store().list(new ListParams(QUEUE, JobState.AVAILABLE, null, 10))).hasSize(3);
	}

	@Test
	default void stageReportsTheQueuesThatReceivedJobs() {
		insert(new JobInsert("a", "x", "{}", 0, 20, at(10), null, UniqueStrategy.IGNORE, null),
				new JobInsert("b", "x", "{}", 0, 20, at(10), null, UniqueStrategy.IGNORE, null),
				new JobInsert("c", "x", "{}", 0, 20, at(90), null, UniqueStrategy.IGNORE, null));
		StageResult result = store().stage(new StageParams(at(60), 10));
		assertThat(result.staged()).isEqualTo(2);
		assertThat(result.queues()).containsExactlyInAnyOrder("a", "b");
	}

	@Test
	default void rescueMakesTheJobsOfANodeWithAnOldHeartbeatRetryable() {
		store().heartbeat(NODE, T0);
		Job job = executing("a");
		List<Job> rescued = store().rescue(new RescueParams(at(100), at(50), 10));
		assertThat(rescued).extracting(Job::id).containsExactly(job.id());
		Job retryable = rescued.get(0);
		assertThat(retryable.state()).isEqualTo(JobState.RETRYABLE);
		assertThat(retryable.scheduledAt()).isEqualTo(at(100));
		assertThat(retryable.attempt()).isOne();
		assertThat(retryable.errors())
			.containsExactly(new JobError(1, at(100), MemoryJobStore.rescueMessage(NODE), null, NODE, at(1)));
		assertThat(reload(job)).isEqualTo(retryable);
	}

	@Test
	default void rescueCancelsAJobWhoseCancelWasRequested() {
		Job job = executing("a");
		store().cancel(job.id(), at(2));
		Job rescued = store().rescue(new RescueParams(at(100), at(50), 10)).get(0);
		assertThat(rescued.state()).isEqualTo(JobState.CANCELLED);
		assertThat(rescued.finishedAt()).isEqualTo(at(100));
		assertThat(rescued.cancelRequested()).isFalse();
	}

	@Test
	default void rescueTreatsANodeWithoutHeartbeatAsDead() {
		Job job = executing("a");
		assertThat(store().rescue(new RescueParams(at(100), at(50), 10))).extracting(Job::id).containsExactly(job.id());
	}

	@Test
	default void rescueTreatsADeregisteredNodeAsDead() {
		store().heartbeat(NODE, at(90));
		store().deregister(NODE);
		Job job = executing("a");
		assertThat(store().rescue(new RescueParams(at(100), at(50), 10))).extracting(Job::id).containsExactly(job.id());
	}

	@Test
	default void rescueDiscardsAJobWhoseAttemptsAreUsedUp() {
		Job job = executing(withMaxAttempts("a", 1));
		Job discarded = store().rescue(new RescueParams(at(100), at(50), 10)).get(0);
		assertThat(discarded.state()).isEqualTo(JobState.DISCARDED);
		assertThat(discarded.finishedAt()).isEqualTo(at(100));
		assertThat(discarded.errors()).extracting(JobError::error).containsExactly(MemoryJobStore.rescueMessage(NODE));
		assertThat(reload(job)).isEqualTo(discarded);
	}

	@Test
	default void rescueLeavesTheJobsOfLiveNodesAlone() {
		store().heartbeat(NODE, at(50));
		Job job = executing("a");
		assertThat(store().rescue(new RescueParams(at(100), at(50), 10))).isEmpty();
		assertThat(reload(job)).isEqualTo(job);
	}

	@Test
	default void rescueSeesTheLatestHeartbeat() {
		store().heartbeat(NODE, T0);
		store().heartbeat(NODE, at(60));
		executing("a");
		assertThat(store().rescue(new RescueParams(at(100), at(50), 10))).isEmpty();
	}

	@Test
	default void rescueLeavesJobsThatAreNotExecutingAlone() {
		Job completed = finished("a", Completion.Result.COMPLETED);
		Job retryable = finished("b", Completion.Result.RETRYABLE);
		assertThat(store().rescue(new RescueParams(at(100), at(50), 10))).isEmpty();
		assertThat(reload(completed)).isEqualTo(completed);
		assertThat(reload(retryable)).isEqualTo(retryable);
	}

	@Test
	default void rescueHandsBackAtMostTheLimit() {
		executing("a");
		executing("b");
		executing("c");
		assertThat(store().rescue(new RescueParams(at(100), at(50), 2))).hasSize(2);
		assertThat(store().rescue(new RescueParams(at(100), at(50), 2))).hasSize(1);
	}

	@Test
	default void pruneDeletesCompletedJobsPastTheirRetention() {
		Job job = finished("a", Completion.Result.COMPLETED);
		assertThat(store().prune(new PruneParams(at(3), T0, T0, T0, 10))).isOne();
		assertThat(store().find(job.id())).isEmpty();
	}

	@Test
	default void pruneKeepsFinishedJobsWithinTheirRetention() {
		Job job = finished("a", Completion.Result.COMPLETED);
		assertThat(store().prune(new PruneParams(at(2), at(2), at(2), T0, 10))).isZero();
		assertThat(store().find(job.id())).isPresent();
	}

	@Test
	default void pruneAppliesEachFinalStateItsOwnRetention() {
		Job completed = finished("a", Completion.Result.COMPLETED);
		Job cancelled = finished("b", Completion.Result.CANCELLED);
		Job discarded = finished("c", Completion.Result.DISCARDED);
		assertThat(store().prune(new PruneParams(T0, at(3), T0, T0, 10))).isOne();
		assertThat(store().find(cancelled.id())).isEmpty();
		assertThat(store().prune(new PruneParams(T0, T0, at(3), T0, 10))).isOne();
		assertThat(store().find(discarded.id())).isEmpty();
		assertThat(store().find(completed.id())).isPresent();
	}

	@Test
	default void pruneNeverDeletesUnfinishedJobs() {
		finished("retryable", Completion.Result.RETRYABLE);
		executing("executing");
		insert(job("available"), scheduled("scheduled", at(60)));
		assertThat(store().prune(new PruneParams(at(10_000), at(10_000), at(10_000), T0, 10))).isZero();
		assertThat(store().list(new ListParams(null, null, null, 10))).hasSize(4);
	}

	@Test
	default void pruneDeletesAtMostTheLimit() {
		finished("a", Completion.Result.COMPLETED);
		finished("b", Completion.Result.COMPLETED);
		finished("c", Completion.Result.COMPLETED);
		assertThat(store().prune(new PruneParams(at(3), T0, T0, T0, 2))).isEqualTo(2);
		assertThat(store().prune(new PruneParams(at(3), T0, T0, T0, 2))).isOne();
	}

	@Test
	default void pruneForgetsNodesNotHeardFromSinceTheCutoff() {
		store().heartbeat(NODE, T0);
		Job job = executing("a");
		store().prune(new PruneParams(T0, T0, T0, at(10), 10));
		// Before the prune, this node was alive for a rescue with an earlier cutoff.
		assertThat(store().rescue(new RescueParams(at(20), T0.minusSeconds(10), 10))).extracting(Job::id)
			.containsExactly(job.id());
	}

	@Test
	default void pruneKeepsNodesHeardFromSinceTheCutoff() {
		store().heartbeat(NODE, at(10));
		executing("a");
		store().prune(new PruneParams(T0, T0, T0, at(10), 10));
		assertThat(store().rescue(new RescueParams(at(20), T0, 10))).isEmpty();
	}

}
