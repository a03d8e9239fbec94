package dev.jobs.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import dev.jobs.DiscardJobException;
import dev.jobs.Job;
import dev.jobs.JobError;
import dev.jobs.JobEvent;
import dev.jobs.JobState;
import dev.jobs.SnoozeJobException;
import dev.jobs.retry.RetryPolicy;
import dev.jobs.store.Completion;
import dev.jobs.store.Completion.Result;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way an attempt can end, and what is recorded and told for it.
 */
class OutcomeTest {

	private static final Instant CLAIMED = Instant.parse("2026-01-05T10:00:00Z");

	private static final Instant NOW = CLAIMED.plusSeconds(3);

	private final List<Integer> backoffAsked = new ArrayList<>();

	/**
	 * Ten seconds per attempt made, so that the backoff shows which attempt it was for.
	 */
	private final RetryPolicy policy = (attempt) -> {
		this.backoffAsked.add(attempt);
		return Duration.ofSeconds(10L * attempt);
	};

	private static Job job(int attempt, int maxAttempts) {
		return new Job(42, "default", "send_email", "{}", JobState.EXECUTING, 0, attempt, maxAttempts, CLAIMED, CLAIMED,
				CLAIMED, "node-a", null, List.of(), null, null, false);
	}

	@Test
	void handlerThatReturnsCompletesTheJob() {
		Job job = job(1, 3);

		Outcome outcome = Outcome.of(job, null, null, this.policy, NOW);

		assertThat(outcome.completion()).isEqualTo(new Completion(42, 1, CLAIMED, Result.COMPLETED, NOW, null, null));
		assertThat(outcome.type()).isEqualTo(JobEvent.Type.COMPLETED);
		assertThat(outcome.error()).isNull();
		assertThat(outcome.nextRunAt()).isNull();
	}

	@Test
	void handlerThatReturnsAfterBeingAskedToStopStillCompletesTheJob() {
		for (StopReason reason : StopReason.values()) {
			Outcome outcome = Outcome.of(job(1, 3), null, reason, this.policy, NOW);

			assertThat(outcome.completion().result()).as("after %s", reason).isEqualTo(Result.COMPLETED);
			assertThat(outcome.type()).as("after %s", reason).isEqualTo(JobEvent.Type.COMPLETED);
		}
	}

	@Test
	void errorWithAttemptsLeftIsRetriedAfterTheBackoffOfThePolicyForThatAttempt() {
		IllegalStateException failure = new IllegalStateException("smtp down");

		Outcome outcome = Outcome.of(job(2, 3), failure, null, this.policy, NOW);

		Instant retryAt = NOW.plusSeconds(20);
		JobError error = outcome.error();
		assertThat(error).isNotNull();
		assertThat(error.attempt()).isEqualTo(2);
		assertThat(error.at()).isEqualTo(NOW);
		assertThat(error.error()).isEqualTo("java.lang.IllegalStateException: smtp down");
		assertThat(error.trace()).contains("OutcomeTest");
		assertThat(error.node()).as("the attempt's node").isEqualTo("node-a");
		assertThat(error.startedAt()).as("the attempt's start").isEqualTo(CLAIMED);
		assertThat(outcome.completion())
			.isEqualTo(new Completion(42, 2, CLAIMED, Result.RETRYABLE, NOW, retryAt, error));
		assertThat(outcome.type()).isEqualTo(JobEvent.Type.RETRIED);
		assertThat(outcome.nextRunAt()).isEqualTo(retryAt);
		assertThat(this.backoffAsked).containsExactly(2);
	}

	@Test
	void errorOnTheLastAttemptDiscardsTheJobWithoutAskingForABackoff() {
		Outcome outcome = Outcome.of(job(3, 3), new IllegalStateException("smtp down"), null, this.policy, NOW);

		assertThat(outcome.completion().result()).isEqualTo(Result.DISCARDED);
		assertThat(outcome.completion().scheduledAt()).isNull();
		assertThat(outcome.completion().error()).isSameAs(outcome.error());
		assertThat(outcome.error().error()).isEqualTo("java.lang.IllegalStateException: smtp down");
		assertThat(outcome.type()).isEqualTo(JobEvent.Type.DISCARDED);
		assertThat(outcome.nextRunAt()).isNull();
		assertThat(this.backoffAsked).isEmpty();
	}

	@Test
	void discardRequestDiscardsTheJobWithAttemptsLeftWhateverStopWasAsked() {
		List<StopReason> reasons = new ArrayList<>(List.of(StopReason.values()));
		reasons.add(null);
		for (StopReason reason : reasons) {
			Outcome outcome = Outcome.of(job(1, 20), new DiscardJobException("bad address"), reason, this.policy, NOW);

			assertThat(outcome.completion().result()).as("after %s", reason).isEqualTo(Result.DISCARDED);
			assertThat(outcome.type()).as("after %s", reason).isEqualTo(JobEvent.Type.DISCARDED);
			assertThat(outcome.error().error()).as("after %s", reason)
				.isEqualTo("dev.jobs.DiscardJobException: bad address");
		}
		assertThat(this.backoffAsked).isEmpty();
	}

	@Test
	void snoozeSchedulesTheJobLaterWithoutAnErrorAndGivesTheAttemptBack() {
		Outcome outcome = Outcome.of(job(3, 3), new SnoozeJobException(Duration.ofMinutes(5)), null, this.policy, NOW);

		Instant until = NOW.plus(Duration.ofMinutes(5));
		assertThat(outcome.completion()).isEqualTo(new Completion(42, 3, CLAIMED, Result.SNOOZED, NOW, until, null));
		assertThat(outcome.completion().result().givesBackAttempt()).isTrue();
		assertThat(outcome.type()).isEqualTo(JobEvent.Type.SNOOZED);
		assertThat(outcome.error()).isNull();
		assertThat(outcome.nextRunAt()).isEqualTo(until);
	}

	@Test
	void snoozeWhileTheNodeStopsStillSnoozes() {
		Outcome outcome = Outcome.of(job(1, 3), new SnoozeJobException(Duration.ofMinutes(5)), StopReason.SHUTDOWN,
				this.policy, NOW);

		assertThat(outcome.completion().result()).isEqualTo(Result.SNOOZED);
		assertThat(outcome.type()).isEqualTo(JobEvent.Type.SNOOZED);
	}

	@Test
	void snoozeAfterACancelRequestCancelsTheJobWithoutAnError() {
		Outcome outcome = Outcome.of(job(1, 3), new SnoozeJobException(Duration.ofMinutes(5)), StopReason.CANCELLED,
				this.policy, NOW);

		assertThat(outcome.completion()).isEqualTo(new Completion(42, 1, CLAIMED, Result.CANCELLED, NOW, null, null));
		assertThat(outcome.type()).isEqualTo(JobEvent.Type.CANCELLED);
		assertThat(outcome.error()).isNull();
		assertThat(outcome.nextRunAt()).isNull();
	}

	@Test
	void errorAfterACancelRequestCancelsTheJobWithTheErrorEvenOnItsLastAttempt() {
		Outcome outcome = Outcome.of(job(3, 3), new InterruptedException("sleep interrupted"), StopReason.CANCELLED,
				this.policy, NOW);

		assertThat(outcome.completion().result()).isEqualTo(Result.CANCELLED);
		assertThat(outcome.completion().error()).isSameAs(outcome.error());
		assertThat(outcome.error().error()).isEqualTo("java.lang.InterruptedException: sleep interrupted");
		assertThat(outcome.error().attempt()).isEqualTo(3);
		assertThat(outcome.type()).isEqualTo(JobEvent.Type.CANCELLED);
		assertThat(outcome.nextRunAt()).isNull();
		assertThat(this.backoffAsked).isEmpty();
	}

	@Test
	void timeoutWithAttemptsLeftIsRetriedWithTheTimeoutRecorded() {
		TimeoutException timeout = new TimeoutException("Job timed out after 200 ms and was interrupted");

		Outcome outcome = Outcome.of(job(1, 3), timeout, StopReason.TIMED_OUT, this.policy, NOW);

		assertThat(outcome.completion().result()).isEqualTo(Result.RETRYABLE);
		assertThat(outcome.completion().scheduledAt()).isEqualTo(NOW.plusSeconds(10));
		assertThat(outcome.error().error())
			.isEqualTo("java.util.concurrent.TimeoutException: Job timed out after 200 ms and was interrupted");
		assertThat(outcome.type()).isEqualTo(JobEvent.Type.RETRIED);
		assertThat(outcome.nextRunAt()).isEqualTo(NOW.plusSeconds(10));
	}

	@Test
	void timeoutOnTheLastAttemptDiscardsTheJob() {
		Outcome outcome = Outcome.of(job(3, 3), new TimeoutException("Job timed out"), StopReason.TIMED_OUT,
				this.policy, NOW);

		assertThat(outcome.completion().result()).isEqualTo(Result.DISCARDED);
		assertThat(outcome.error().error()).isEqualTo("java.util.concurrent.TimeoutException: Job timed out");
		assertThat(outcome.type()).isEqualTo(JobEvent.Type.DISCARDED);
	}

	@Test
	void errorAfterTheShutdownInterruptHandsTheJobBackWithItsAttempt() {
		Outcome outcome = Outcome.of(job(3, 3), new InterruptedException(), StopReason.SHUTDOWN, this.policy, NOW);

		assertThat(outcome.completion()).isEqualTo(new Completion(42, 3, CLAIMED, Result.RELEASED, NOW, NOW, null));
		assertThat(outcome.completion().result().givesBackAttempt()).isTrue();
		assertThat(outcome.completion().result().state()).isEqualTo(JobState.AVAILABLE);
		assertThat(outcome.type()).isEqualTo(JobEvent.Type.RELEASED);
		assertThat(outcome.error()).isNull();
		assertThat(outcome.nextRunAt()).isNull();
	}

	@Test
	void jobStillRunningAtTheShutdownDeadlineIsHandedBack() {
		Outcome outcome = Outcome.released(job(1, 3), NOW);

		assertThat(outcome.completion()).isEqualTo(new Completion(42, 1, CLAIMED, Result.RELEASED, NOW, NOW, null));
		assertThat(outcome.type()).isEqualTo(JobEvent.Type.RELEASED);
		assertThat(outcome.error()).isNull();
	}

	@Test
	void argsThatDoNotBindDiscardTheJobWhateverAttemptsAreLeft() {
		IllegalArgumentException binding = new IllegalArgumentException("Args [1] do not bind to Email");

		Outcome outcome = Outcome.discarded(job(1, 20), binding, NOW);

		assertThat(outcome.completion().result()).isEqualTo(Result.DISCARDED);
		assertThat(outcome.completion().error()).isSameAs(outcome.error());
		assertThat(outcome.error().attempt()).isEqualTo(1);
		assertThat(outcome.error().error())
			.isEqualTo("java.lang.IllegalArgumentException: Args [1] do not bind to Email");
		assertThat(outcome.type()).isEqualTo(JobEvent.Type.DISCARDED);
		assertThat(outcome.nextRunAt()).isNull();
	}

	@Test
	void failureOutsideTheHandlerIsRetriedOrDiscardedLikeAnError() {
		IllegalStateException noHandler = new IllegalStateException("No handler for job kind 'send_email'");

		assertThat(Outcome.failed(job(1, 2), noHandler, this.policy, NOW).completion().result())
			.isEqualTo(Result.RETRYABLE);
		assertThat(Outcome.failed(job(2, 2), noHandler, this.policy, NOW).completion().result())
			.isEqualTo(Result.DISCARDED);
		assertThat(this.backoffAsked).containsExactly(1);
	}

	@Test
	void eventCarriesTheJobAsClaimedTheOutcomeAndHowLongTheAttemptRan() {
		Job job = job(1, 3);
		Outcome outcome = Outcome.of(job, new IllegalStateException("smtp down"), null, this.policy, NOW);

		JobEvent event = outcome.event(Duration.ofMillis(1500));

		assertThat(event).isEqualTo(new JobEvent(JobEvent.Type.RETRIED, job, NOW, Duration.ofMillis(1500),
				outcome.error(), NOW.plusSeconds(10)));
	}

}
