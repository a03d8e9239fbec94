package dev.jobs.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.jobs.DiscardJobException;
import dev.jobs.HandlerDefinition;
import dev.jobs.Job;
import dev.jobs.JobContext;
import dev.jobs.JobEvent;
import dev.jobs.JobRequest;
import dev.jobs.JobState;
import dev.jobs.SnoozeJobException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the engine does with each way a handler can end.
 */
class JobOutcomeTest {

	private final EngineHarness harness = new EngineHarness();

	@AfterEach
	void stop() {
		this.harness.close();
	}

	record Email(String to, String subject) {
	}

	@Test
	void handlerThatReturnsCompletesTheJobWithArgsBoundToARecord() {
		AtomicReference<Email> received = new AtomicReference<>();
		this.harness.handlers.register("send_email", Email.class, (email, context) -> received.set(email));
		Supervisor supervisor = this.harness.start("default", 2);

		Job job = supervisor.dispatcher().enqueue("send_email", new Email("ada@example.com", "Welcome"));

		Job done = this.harness.awaitState(job.id(), JobState.COMPLETED);
		assertThat(received.get()).isEqualTo(new Email("ada@example.com", "Welcome"));
		assertThat(done.finishedAt()).isEqualTo(this.harness.clock.instant());
		assertThat(done.attempt()).isEqualTo(1);
		// ENQUEUED is told once the insert returns, so it may come after the job started.
		await().untilAsserted(() -> assertThat(this.harness.eventTypes(job.id()))
			.containsExactlyInAnyOrder(JobEvent.Type.ENQUEUED, JobEvent.Type.STARTED, JobEvent.Type.COMPLETED));
	}

	@Test
	void argsBindToAMapAJsonTreeAndAGenericList() throws Exception {
		AtomicReference<Object> map = new AtomicReference<>();
		AtomicReference<Object> tree = new AtomicReference<>();
		AtomicReference<Object> list = new AtomicReference<>();
		CountDownLatch ran = new CountDownLatch(3);
		this.harness.handlers.register("map", Map.class, (args, context) -> {
			map.set(args);
			ran.countDown();
		});
		this.harness.handlers.register("tree", JsonNode.class, (args, context) -> {
			tree.set(args);
			ran.countDown();
		});
		this.harness.handlers.register(new HandlerDefinition("list",
				EmailListHolder.class.getDeclaredMethod("emails").getGenericReturnType(), (args, context) -> {
					list.set(args);
					ran.countDown();
				}, null, null, null, null, null, null));
		Supervisor supervisor = this.harness.start("default", 3);

		supervisor.dispatcher().enqueue("map", Map.of("size", 3));
		supervisor.dispatcher().enqueue("tree", Map.of("size", 4));
		supervisor.dispatcher().enqueue("list", List.of(new Email("a@x", "hi")));

		assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(map.get()).isEqualTo(Map.of("size", 3));
		assertThat(((JsonNode) tree.get()).get("size").asInt()).isEqualTo(4);
		assertThat(list.get()).isEqualTo(List.of(new Email("a@x", "hi")));
	}

	interface EmailListHolder {

		List<Email> emails();

	}

	@Test
	void argsThatDoNotBindDiscardTheJobWithTheBindingError() {
		this.harness.handlers.register("send_email", Email.class, (email, context) -> {
		});
		Supervisor supervisor = this.harness.start("default", 1);

		Job job = supervisor.dispatcher().enqueue("send_email", List.of("not", "an", "email"));

		Job discarded = this.harness.awaitState(job.id(), JobState.DISCARDED);
		assertThat(discarded.attempt()).isEqualTo(1);
		assertThat(discarded.errors()).singleElement()
			.satisfies((error) -> assertThat(error.error()).contains("do not bind to").contains("Email"));
	}

	@Test
	void handlerThatThrowsIsRetriedAfterBackoffWithTheErrorRecorded() {
		this.harness.handlers.register("flaky", Map.class, (args, context) -> {
			throw new IllegalStateException("smtp down");
		});
		Supervisor supervisor = this.harness.start("default", 1);

		Job job = supervisor.dispatcher().enqueue("flaky", Map.of());

		Job retryable = this.harness.awaitState(job.id(), JobState.RETRYABLE);
		assertThat(retryable.scheduledAt()).isEqualTo(this.harness.clock.instant().plusSeconds(10));
		assertThat(retryable.errors()).singleElement().satisfies((error) -> {
			assertThat(error.attempt()).isEqualTo(1);
			assertThat(error.error()).isEqualTo("java.lang.IllegalStateException: smtp down");
			assertThat(error.trace()).contains("JobOutcomeTest");
		});
		await().untilAsserted(() -> assertThat(this.harness.eventTypes(job.id())).contains(JobEvent.Type.RETRIED));
	}

	@Test
	void retriedJobRunsAgainWhenItsBackoffIsDueAndKeepsEveryError() {
		AtomicInteger calls = new AtomicInteger();
		this.harness.handlers.register("flaky", Map.class, (args, context) -> {
			if (calls.incrementAndGet() < 3) {
				throw new IllegalStateException("failure " + calls.get());
			}
		});
		Supervisor supervisor = this.harness.start("default", 1);
		Job job = supervisor.dispatcher().enqueue("flaky", Map.of());

		for (int attempt = 1; attempt <= 2; attempt++) {
			int failed = attempt;
			this.harness.awaitJob(job.id(),
					(current) -> current.state() == JobState.RETRYABLE && current.errors().size() == failed);
			this.harness.clock.advance(Duration.ofSeconds(10));
			supervisor.stage();
		}

		Job done = this.harness.awaitState(job.id(), JobState.COMPLETED);
		assertThat(done.attempt()).isEqualTo(3);
		assertThat(done.errors()).extracting((error) -> error.error())
			.containsExactly("java.lang.IllegalStateException: failure 1",
					"java.lang.IllegalStateException: failure 2");
	}

	@Test
	void handlersRetryPolicyDrivesTheBackoffOfItsJobsNotTheSupervisors() {
		// The harness's supervisor backs off a constant 10 s; this kind backs off 1, 2,
		// 3 s, so every retry's due time shows which policy the engine used.
		AtomicInteger calls = new AtomicInteger();
		this.harness.handlers.register(HandlerDefinition.of("linear", Map.class, (args, context) -> {
			if (calls.incrementAndGet() < 4) {
				throw new IllegalStateException("failure " + calls.get());
			}
		}).retryPolicy(dev.jobs.retry.RetryPolicy.linear(Duration.ofSeconds(1), Duration.ofHours(1))));
		Supervisor supervisor = this.harness.start("default", 1);
		Job job = supervisor.dispatcher().enqueue("linear", Map.of());

		for (int attempt = 1; attempt <= 3; attempt++) {
			int failed = attempt;
			Job retryable = this.harness.awaitJob(job.id(),
					(current) -> current.state() == JobState.RETRYABLE && current.errors().size() == failed);
			Duration backoff = Duration.between(retryable.errors().get(failed - 1).at(), retryable.scheduledAt());
			assertThat(backoff).as("backoff after attempt %d", attempt).isEqualTo(Duration.ofSeconds(attempt));
			supervisor.stage();
			assertThat(this.harness.store.find(job.id()).orElseThrow().state()).as("before its backoff is due")
				.isEqualTo(JobState.RETRYABLE);
			this.harness.clock.advance(backoff);
			supervisor.stage();
		}

		assertThat(this.harness.awaitState(job.id(), JobState.COMPLETED).attempt()).isEqualTo(4);
	}

	record Discarded(Job job, Object args, dev.jobs.JobError error) {
	}

	@Test
	void discardHookRunsOnceWithTheArgsAndLastErrorWhenAttemptsAreUsedUp() {
		List<Discarded> discards = new java.util.concurrent.CopyOnWriteArrayList<>();
		AtomicInteger calls = new AtomicInteger();
		this.harness.handlers.register(HandlerDefinition.of("broken", Email.class, (args, context) -> {
			throw new IllegalStateException("failure " + calls.incrementAndGet());
		})
			.retryPolicy(dev.jobs.retry.RetryPolicy.constant(Duration.ZERO))
			.onDiscard((job, args, error) -> discards.add(new Discarded(job, args, error))));
		Supervisor supervisor = this.harness.start("default", 1);

		Job job = supervisor.dispatcher()
			.enqueue(JobRequest.of("broken", new Email("ada@example.com", "Hi")).maxAttempts(2));
		// The retry is due at once, so the stager's due-time wake runs it again.
		this.harness.awaitState(job.id(), JobState.DISCARDED);
		await().until(() -> !discards.isEmpty());
		assertThat(discards).singleElement().satisfies((discarded) -> {
			assertThat(discarded.job().id()).isEqualTo(job.id());
			assertThat(discarded.job().attempt()).isEqualTo(2);
			assertThat(discarded.args()).isEqualTo(new Email("ada@example.com", "Hi"));
			assertThat(discarded.error().attempt()).isEqualTo(2);
			assertThat(discarded.error().error()).isEqualTo("java.lang.IllegalStateException: failure 2");
		});
	}

	@Test
	void discardHookRunsWhenTheHandlerDiscardsAndWhenArgsDoNotBind() {
		List<Discarded> discards = new java.util.concurrent.CopyOnWriteArrayList<>();
		this.harness.handlers.register(HandlerDefinition.of("picky", Email.class, (args, context) -> {
			throw new DiscardJobException("address is invalid");
		}).onDiscard((job, args, error) -> discards.add(new Discarded(job, String.valueOf(args), error))));
		Supervisor supervisor = this.harness.start("default", 1);

		Job picked = supervisor.dispatcher().enqueue("picky", new Email("x", "y"));
		Job unbound = supervisor.dispatcher().enqueue("picky", List.of(1, 2));

		this.harness.awaitState(picked.id(), JobState.DISCARDED);
		this.harness.awaitState(unbound.id(), JobState.DISCARDED);
		await().until(() -> discards.size() == 2);
		assertThat(discards).filteredOn((discarded) -> discarded.job().id() == picked.id())
			.singleElement()
			.satisfies((discarded) -> assertThat(discarded.error().error()).endsWith("address is invalid"));
		assertThat(discards).filteredOn((discarded) -> discarded.job().id() == unbound.id())
			.singleElement()
			.satisfies((discarded) -> {
				assertThat(discarded.args()).isEqualTo("null");
				assertThat(discarded.error().error()).contains("do not bind to");
			});
	}

	@Test
	void discardHookThatThrowsLeavesTheJobDiscardedAndTheNodeWorking() {
		AtomicInteger hooks = new AtomicInteger();
		this.harness.handlers.register(HandlerDefinition.of("broken", Map.class, (args, context) -> {
			throw new DiscardJobException("no");
		}).onDiscard((job, args, error) -> {
			hooks.incrementAndGet();
			throw new IllegalStateException("hook failed");
		}));
		this.harness.handlers.register("ok", Map.class, (args, context) -> {
		});
		Supervisor supervisor = this.harness.start("default", 1);

		Job broken = supervisor.dispatcher().enqueue("broken", Map.of());
		Job next = supervisor.dispatcher().enqueue("ok", Map.of());

		assertThat(this.harness.awaitState(broken.id(), JobState.DISCARDED).errors()).singleElement()
			.satisfies((error) -> assertThat(error.error()).endsWith("no"));
		this.harness.awaitState(next.id(), JobState.COMPLETED);
		assertThat(hooks).hasValue(1);
		assertThat(this.harness.store.find(broken.id()).orElseThrow().state()).isEqualTo(JobState.DISCARDED);
	}

	@Test
	void jobIsDiscardedWhenItsLastAttemptFails() {
		this.harness.handlers.register("broken", Map.class, (args, context) -> {
			throw new IllegalStateException("always");
		});
		Supervisor supervisor = this.harness.start("default", 1);

		Job job = supervisor.dispatcher().enqueue(JobRequest.of("broken", Map.of()).maxAttempts(1));

		Job discarded = this.harness.awaitState(job.id(), JobState.DISCARDED);
		assertThat(discarded.errors()).hasSize(1);
		await().untilAsserted(() -> assertThat(this.harness.eventTypes(job.id())).contains(JobEvent.Type.DISCARDED));
	}

	@Test
	void discardSignalDiscardsAtOnceWithAttemptsLeft() {
		this.harness.handlers.register("picky", Map.class, (args, context) -> {
			throw new DiscardJobException("address is invalid");
		});
		Supervisor supervisor = this.harness.start("default", 1);

		Job job = supervisor.dispatcher().enqueue("picky", Map.of());

		Job discarded = this.harness.awaitState(job.id(), JobState.DISCARDED);
		assertThat(discarded.attempt()).isEqualTo(1);
		assertThat(discarded.maxAttempts()).isEqualTo(ClientConfig.DEFAULT_MAX_ATTEMPTS);
		assertThat(discarded.errors()).singleElement()
			.satisfies((error) -> assertThat(error.error()).endsWith("address is invalid"));
	}

	@Test
	void snoozeSignalSchedulesTheJobWithoutSpendingAnAttempt() {
		this.harness.handlers.register("patient", Map.class, (args, context) -> {
			throw new SnoozeJobException(Duration.ofMinutes(5));
		});
		Supervisor supervisor = this.harness.start("default", 1);

		Job job = supervisor.dispatcher().enqueue("patient", Map.of());

		Job snoozed = this.harness.awaitState(job.id(), JobState.SCHEDULED);
		assertThat(snoozed.attempt()).isZero();
		assertThat(snoozed.errors()).isEmpty();
		assertThat(snoozed.scheduledAt()).isEqualTo(this.harness.clock.instant().plus(Duration.ofMinutes(5)));
		await().untilAsserted(() -> assertThat(this.harness.eventTypes(job.id())).contains(JobEvent.Type.SNOOZED));
	}

	@Test
	void handlerThatThrowsAnErrorIsRetriedLikeAnyFailure() {
		this.harness.handlers.register("deep", Map.class, (args, context) -> recurse(0));
		Supervisor supervisor = this.harness.start("default", 1);

		Job job = supervisor.dispatcher().enqueue("deep", Map.of());

		Job retryable = this.harness.awaitState(job.id(), JobState.RETRYABLE);
		assertThat(retryable.errors()).singleElement()
			.satisfies((error) -> assertThat(error.error()).isEqualTo("java.lang.StackOverflowError"));
	}

	private static int recurse(int depth) {
		return recurse(depth + 1) + 1;
	}

	@Test
	void handlerThatNeverReturnsTimesOutAndFreesItsSlot() throws Exception {
		CountDownLatch never = new CountDownLatch(1);
		AtomicInteger secondRuns = new AtomicInteger();
		this.harness.handlers.register("hang", Map.class, (args, context) -> {
			while (never.getCount() > 0) {
				try {
					never.await();
				}
				catch (InterruptedException ignored) {
					// A hostile handler: swallows its interrupt and goes on waiting.
				}
			}
		});
		this.harness.handlers.register("after", Map.class, (args, context) -> secondRuns.incrementAndGet());
		Supervisor supervisor = this.harness.start("default", 1);

		Job hung = supervisor.dispatcher().enqueue(JobRequest.of("hang", Map.of()).timeout(Duration.ofMillis(200)));
		Job retryable = this.harness.awaitState(hung.id(), JobState.RETRYABLE);
		Job next = supervisor.dispatcher().enqueue("after", Map.of());

		this.harness.awaitState(next.id(), JobState.COMPLETED);
		assertThat(secondRuns).hasValue(1);
		assertThat(retryable.errors()).singleElement()
			.satisfies((error) -> assertThat(error.error()).contains("TimeoutException").contains("200 ms"));
		never.countDown();
	}

	@Test
	void handlersStuckPastTheirTimeoutHoldNoSlotWhileTheRestRun() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger completed = new AtomicInteger();
		this.harness.handlers.register("work", Integer.class, (n, context) -> {
			if (n % 10 == 0) {
				// Hostile: ignores its timeout's interrupt until the test lets it go.
				while (release.getCount() > 0) {
					try {
						release.await();
					}
					catch (InterruptedException ignored) {
						// goes on waiting
					}
				}
				return;
			}
			completed.incrementAndGet();
		});
		Supervisor supervisor = this.harness.start("default", 3);

		List<JobRequest> requests = new java.util.ArrayList<>();
		for (int n = 0; n < 60; n++) {
			requests.add(JobRequest.of("work", n).timeout(Duration.ofMillis(100)));
		}
		List<Job> jobs = supervisor.dispatcher().enqueueAll(requests);

		// Six handlers stay stuck, twice the queue's concurrency: only threads lent in
		// their place can run the other 54 jobs.
		try {
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(completed).hasValue(54));
			for (int n = 0; n < 60; n += 10) {
				this.harness.awaitState(jobs.get(n).id(), JobState.RETRYABLE);
			}
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void handlerSeesItsContext() {
		AtomicReference<String> seen = new AtomicReference<>();
		this.harness.handlers.register("introspect", Map.class, (args, context) -> seen.set(describe(context)));
		Supervisor supervisor = this.harness.start("default", 1);

		Job job = supervisor.dispatcher().enqueue(JobRequest.of("introspect", Map.of()).maxAttempts(7));

		this.harness.awaitState(job.id(), JobState.COMPLETED);
		assertThat(seen.get()).isEqualTo(job.id() + " introspect default 1/7 false");
	}

	private static String describe(JobContext context) {
		return context.id() + " " + context.kind() + " " + context.queue() + " " + context.attempt() + "/"
				+ context.maxAttempts() + " " + context.isCancelled();
	}

	@Test
	void cancellingARunningJobInterruptsItAndEndsItCancelled() throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		AtomicReference<Boolean> flagSeen = new AtomicReference<>();
		this.harness.handlers.register("long", Map.class, (args, context) -> {
			started.countDown();
			try {
				new CountDownLatch(1).await();
			}
			finally {
				flagSeen.set(context.isCancelled());
			}
		});
		Supervisor supervisor = this.harness.start("default", 1);
		Job job = supervisor.dispatcher().enqueue("long", Map.of());
		assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

		Job requested = supervisor.dispatcher().cancel(job.id()).orElseThrow();

		assertThat(requested.cancelRequested()).isTrue();
		Job cancelled = this.harness.awaitState(job.id(), JobState.CANCELLED);
		assertThat(cancelled.finishedAt()).isNotNull();
		assertThat(flagSeen.get()).isTrue();
		await().untilAsserted(() -> assertThat(this.harness.eventTypes(job.id())).endsWith(JobEvent.Type.CANCELLED));
	}

	@Test
	void jobOfAKindWithNoHandlerOnThisNodeFailsWithAClearError() {
		this.harness.handlers.register("known", Map.class, (args, context) -> {
		});
		Supervisor supervisor = this.harness.start("default", 1);
		Job job = this.harness.store
			.insert(new dev.jobs.store.InsertParams(
					List.of(dev.jobs.store.JobInsert.of("default", "mystery", "{}", this.harness.clock.instant())),
					this.harness.clock.instant()))
			.get(0);
		supervisor.wake("default");

		Job retryable = this.harness.awaitState(job.id(), JobState.RETRYABLE);
		assertThat(retryable.errors()).singleElement()
			.satisfies((error) -> assertThat(error.error()).contains("No handler for job kind 'mystery'")
				.contains("[known]"));
	}

}
