package dev.jobs.observation;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import dev.jobs.Job;
import dev.jobs.JobEvent;
import dev.jobs.JobState;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default attempt convention keeps the names of each queue and kind: every attempt
 * must still get its own queue, kind, outcome, id and attempt, past the number of pairs
 * it keeps too.
 */
class DefaultJobExecuteObservationConventionTest {

	private final DefaultJobExecuteObservationConvention convention = new DefaultJobExecuteObservationConvention();

	@Test
	void eachAttemptGetsItsOwnNamesAndKeyValues() {
		// More pairs than are kept, each kind in two queues, each pair asked twice (kept,
		// then read back), with each outcome and none yet.
		for (int pair = 0; pair < 1_200; pair++) {
			for (int round = 0; round < 2; round++) {
				Job job = job(pair, "queue-" + (pair % 2), "kind-" + (pair / 2));
				JobExecuteContext context = new JobExecuteContext(job);
				assertThat(this.convention.getContextualName(context)).isEqualTo("execute kind-" + (pair / 2));
				assertThat(this.convention.getLowCardinalityKeyValues(context))
					.isEqualTo(low(job.queue(), job.kind(), "unknown"));
				for (JobEvent.Type outcome : JobEvent.Type.values()) {
					context.setOutcome(outcome);
					assertThat(this.convention.getLowCardinalityKeyValues(context))
						.isEqualTo(low(job.queue(), job.kind(), outcome.name().toLowerCase(Locale.ROOT)));
				}
				assertThat(this.convention.getHighCardinalityKeyValues(context)).containsExactlyInAnyOrder(
						KeyValue.of("job.id", Long.toString(job.id())), KeyValue.of("job.attempt", "3"));
			}
		}
	}

	private static KeyValues low(String queue, String kind, String outcome) {
		return KeyValues.of("queue", queue, "kind", kind, "outcome", outcome);
	}

	private static Job job(long id, String queue, String kind) {
		Instant now = Instant.now();
		return new Job(id + 10_000_000_000L, queue, kind, "{}", JobState.EXECUTING, 0, 3, 20, now, now, now, "node",
				null, List.of(), null, null, false);
	}

}
