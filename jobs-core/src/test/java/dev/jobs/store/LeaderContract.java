package dev.jobs.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JobStore#elect} and {@link JobStore#resign}: one leader at a time, on a lease;
 * and {@link JobStore#recordCronTick}: one claim per cron tick across the cluster.
 */
public interface LeaderContract extends JobStoreFixture {

	default boolean elect(String nodeId, long atSeconds) {
		return store().elect(new ElectParams(nodeId, at(atSeconds), seconds(30)));
	}

	@Test
	default void electGrantsAFreeLease() {
		assertThat(elect("node-a", 0)).isTrue();
	}

	@Test
	default void electRefusesAnotherNodeWhileTheLeaseLasts() {
		elect("node-a", 0);
		assertThat(elect("node-b", 10)).isFalse();
		assertThat(elect("node-b", 29)).isFalse();
	}

	@Test
	default void electExtendsTheLeaseOfTheLeader() {
		elect("node-a", 0);
		assertThat(elect("node-a", 20)).isTrue();
		assertThat(elect("node-b", 40)).isFalse();
		assertThat(elect("node-b", 51)).isTrue();
	}

	@Test
	default void electLetsAnotherNodeTakeOverAnExpiredLease() {
		elect("node-a", 0);
		assertThat(elect("node-b", 31)).isTrue();
		assertThat(elect("node-a", 32)).isFalse();
	}

	@Test
	default void electLetsAnotherNodeTakeOverTheMomentTheLeaseEnds() {
		elect("node-a", 0);
		assertThat(elect("node-b", 30)).isTrue();
	}

	@Test
	default void resignFreesTheLeaseAtOnce() {
		elect("node-a", 0);
		store().resign("node-a");
		assertThat(elect("node-b", 1)).isTrue();
	}

	@Test
	default void resignByANodeThatDoesNotLeadChangesNothing() {
		elect("node-a", 0);
		store().resign("node-b");
		assertThat(elect("node-b", 1)).isFalse();
		assertThat(elect("node-a", 2)).isTrue();
	}

	@Test
	default void recordCronTickClaimsEachTickOnce() {
		assertThat(store().recordCronTick("report", at(60))).isTrue();
		assertThat(store().recordCronTick("report", at(60))).isFalse();
		assertThat(store().recordCronTick("report", at(30))).isFalse();
		assertThat(store().recordCronTick("report", at(120))).isTrue();
	}

	@Test
	default void recordCronTickKeepsEachEntrySeparate() {
		assertThat(store().recordCronTick("report", at(60))).isTrue();
		assertThat(store().recordCronTick("cleanup", at(60))).isTrue();
		assertThat(store().recordCronTick("cleanup", at(60))).isFalse();
	}

}
