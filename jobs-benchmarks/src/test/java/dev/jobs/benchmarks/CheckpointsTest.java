package dev.jobs.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointsTest {

	@Test
	void aNoteCountsTheCheckpointsBetweenTwoReadings() {
		Checkpoints before = new Checkpoints(10, 40, 1_000.0);
		Checkpoints after = new Checkpoints(10, 42, 1_375.4);

		assertThat(after.since(before))
			.isEqualTo("2 checkpoints of the database completed during the run (2 for WAL volume or asked for), "
					+ "their file syncs 375 ms in all");
	}

}
