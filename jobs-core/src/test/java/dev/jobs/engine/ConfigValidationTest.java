package dev.jobs.engine;

import java.time.Duration;

import dev.jobs.store.memory.MemoryJobStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Every bad setting fails fast with a message that names it and its value.
 */
class ConfigValidationTest {

	@Test
	void defaultsRescueAKilledNodesJobsWithinThirtySecondsLeaderIncluded() {
		Duration expiry = RescuerConfig.DEFAULT_NODE_EXPIRY;
		Duration ttl = LeaderConfig.DEFAULT_TTL;
		// A dead leader's lease runs out after its ttl; the others try every third of it.
		Duration newLeader = ttl.plus(ttl.dividedBy(3));
		Duration worstCase = ((expiry.compareTo(newLeader) > 0) ? expiry : newLeader)
			.plus(RescuerConfig.DEFAULT_INTERVAL);
		org.assertj.core.api.Assertions.assertThat(worstCase)
			.isEqualTo(Duration.ofSeconds(20))
			.isLessThanOrEqualTo(Duration.ofSeconds(30));
		org.assertj.core.api.Assertions.assertThat(expiry)
			.isGreaterThanOrEqualTo(HeartbeatConfig.DEFAULT_INTERVAL.multipliedBy(2));
		Supervisor.builder(new MemoryJobStore()).queue("default", 1).build();
	}

	@Test
	void negativeConcurrencyNamesTheQueueSetting() {
		assertThatIllegalArgumentException().isThrownBy(() -> QueueConfig.of("emails", -1))
			.withMessage("concurrency of queue 'emails' must be at least 1, but was -1");
	}

	@Test
	void zeroPollIntervalNamesTheQueueSetting() {
		assertThatIllegalArgumentException().isThrownBy(() -> new QueueConfig("emails", 5, 10, Duration.ZERO))
			.withMessage("pollInterval of queue 'emails' must be a positive duration, but was PT0S");
	}

	@Test
	void blankQueueNameIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> QueueConfig.of(" ", 1))
			.withMessage("queue name must not be null or blank, but was ' '");
	}

	@Test
	void nodeExpiryMustOutlastTwoHeartbeats() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Supervisor.builder(new MemoryJobStore())
				.queue("default", 1)
				.heartbeat(new HeartbeatConfig(Duration.ofSeconds(10)))
				.rescuer(new RescuerConfig(RescuerConfig.DEFAULT_INTERVAL, Duration.ofSeconds(15), 100))
				.build())
			.withMessageContaining("nodeExpiry (PT15S) must be at least twice the heartbeat interval (PT10S)");
	}

	@Test
	void negativeRetentionIsRejectedByName() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PrunerConfig.Retention(Duration.ofDays(-1), PrunerConfig.Retention.DEFAULT_CANCELLED,
					PrunerConfig.Retention.DEFAULT_DISCARDED))
			.withMessage("completed retention must be a positive duration, but was PT-24H");
	}

	@Test
	void completerBacklogSmallerThanABatchIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new CompleterConfig(100, 10, Duration.ofMillis(10)))
			.withMessage("completer maxBacklog must be at least 100, but was 10");
	}

	@Test
	void clientSettingsAreCheckedByName() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientConfig("default", 0, 1024, true))
			.withMessage("defaultMaxAttempts must be at least 1, but was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientConfig(" ", 1, 1024, true))
			.withMessage("defaultQueue must not be null or blank, but was ' '");
	}

	@Test
	void executorTimeoutMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ExecutorConfig(Duration.ZERO, false))
			.withMessage("executor defaultTimeout must be a positive duration, but was PT0S");
	}

	@Test
	void memoryStoreLimitMustBePositive() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new MemoryJobStore.Config(0, MemoryJobStore.Config.DEFAULT_ENQUEUE_TIMEOUT))
			.withMessage("maxJobs must be at least 1, but was 0");
	}

	@Test
	void blankNodeIdIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> Supervisor.builder(new MemoryJobStore()).nodeId(""))
			.withMessage("nodeId must not be null or blank, but was ''");
	}

}
