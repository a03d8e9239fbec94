package dev.jobs.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import dev.jobs.HandlerDefinition;
import dev.jobs.HandlerRegistry;
import dev.jobs.JacksonArgsCodec;
import dev.jobs.Job;
import dev.jobs.JobEvent;
import dev.jobs.JobRequest;
import dev.jobs.JobState;
import dev.jobs.UniqueStrategy;
import dev.jobs.store.memory.MemoryJobStore;
import dev.jobs.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Enqueue: options resolved, args snapshotted, bad input rejected with a clear message.
 */
class JobClientTest {

	private final MutableClock clock = new MutableClock();

	private final MemoryJobStore store = new MemoryJobStore();

	private final HandlerRegistry handlers = new HandlerRegistry().register("send_email", Map.class, (args, ctx) -> {
	}).register(HandlerDefinition.of("resize_image", Map.class, (args, ctx) -> {
	}).queue("images").priority(5).maxAttempts(3).timeout(Duration.ofMinutes(2)));

	private final List<JobEvent> events = new CopyOnWriteArrayList<>();

	private final JobClient client = new JobClient(this.store, this.handlers, new JacksonArgsCodec(),
			ClientConfig.DEFAULT, this.clock, this.events::add);

	@Test
	void enqueueStoresAnAvailableJobWithTheDefaults() {
		Job job = this.client.enqueue("send_email", Map.of("to", "ada@example.com"));

		assertThat(job.state()).isEqualTo(JobState.AVAILABLE);
		assertThat(job.queue()).isEqualTo("default");
		assertThat(job.maxAttempts()).isEqualTo(ClientConfig.DEFAULT_MAX_ATTEMPTS);
		assertThat(job.priority()).isZero();
		assertThat(job.args()).isEqualTo("{\"to\":\"ada@example.com\"}");
		assertThat(job.insertedAt()).isEqualTo(this.clock.instant());
		assertThat(job.scheduledAt()).isEqualTo(this.clock.instant());
		assertThat(this.events).extracting(JobEvent::type).containsExactly(JobEvent.Type.ENQUEUED);
	}

	@Test
	void handlerDefaultsApplyUnlessTheRequestOverridesThem() {
		Job byDefault = this.client.enqueue("resize_image", Map.of());
		Job overridden = this.client.enqueue(JobRequest.of("resize_image", Map.of())
			.queue("urgent")
			.maxAttempts(9)
			.timeout(Duration.ofSeconds(5))
			.priority(3));

		assertThat(byDefault.queue()).isEqualTo("images");
		assertThat(byDefault.maxAttempts()).isEqualTo(3);
		assertThat(byDefault.timeout()).isEqualTo(Duration.ofMinutes(2));
		assertThat(byDefault.priority()).isEqualTo(5);
		assertThat(overridden.queue()).isEqualTo("urgent");
		assertThat(overridden.maxAttempts()).isEqualTo(9);
		assertThat(overridden.timeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(overridden.priority()).isEqualTo(3);
	}

	@Test
	void delayAndRunAtScheduleTheJob() {
		Job delayed = this.client.enqueue(JobRequest.of("send_email", null).delay(Duration.ofMinutes(5)));
		Job timed = this.client.enqueue(JobRequest.of("send_email", null).runAt(this.clock.instant().plusSeconds(60)));

		assertThat(delayed.state()).isEqualTo(JobState.SCHEDULED);
		assertThat(delayed.scheduledAt()).isEqualTo(this.clock.instant().plus(Duration.ofMinutes(5)));
		assertThat(timed.state()).isEqualTo(JobState.SCHEDULED);
		assertThat(timed.scheduledAt()).isEqualTo(this.clock.instant().plusSeconds(60));
		assertThat(delayed.args()).isEqualTo("{}");
	}

	@Test
	void argsAreASnapshotTakenAtEnqueue() {
		Map<String, Object> args = new HashMap<>(Map.of("to", "ada@example.com"));
		Job job = this.client.enqueue("send_email", args);

		args.put("to", "changed@example.com");

		assertThat(this.store.find(job.id()).orElseThrow().args()).isEqualTo("{\"to\":\"ada@example.com\"}");
	}

	@Test
	void unknownKindIsRejectedNamingTheKnownKinds() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.enqueue("send_emial", Map.of()))
			.withMessage("Unknown job kind 'send_emial'; known kinds: [resize_image, send_email]");
	}

	@Test
	void anyKindIsAcceptedByAClientThatKnowsNoHandlers() {
		JobClient enqueueOnly = new JobClient(this.store, new HandlerRegistry(), new JacksonArgsCodec(),
				ClientConfig.DEFAULT, this.clock, (event) -> {
				});

		assertThat(enqueueOnly.enqueue("handled_elsewhere", Map.of()).kind()).isEqualTo("handled_elsewhere");
	}

	@Test
	void anyKindIsAcceptedByAClientThatKnowsOnlyBuiltInHandlers() {
		HandlerRegistry builtInOnly = new HandlerRegistry()
			.registerBuiltIn(HandlerDefinition.of("library_kind", Map.class, (args, ctx) -> {
			}));
		JobClient enqueueOnly = new JobClient(this.store, builtInOnly, new JacksonArgsCodec(), ClientConfig.DEFAULT,
				this.clock, (event) -> {
				});

		assertThat(builtInOnly.isEmpty()).isTrue();
		assertThat(builtInOnly.find("library_kind")).isPresent();
		assertThat(enqueueOnly.enqueue("handled_elsewhere", Map.of()).kind()).isEqualTo("handled_elsewhere");
		builtInOnly.register("own_kind", Map.class, (args, ctx) -> {
		});
		assertThatIllegalArgumentException().isThrownBy(() -> enqueueOnly.enqueue("handled_elsewhere", Map.of()))
			.withMessage("Unknown job kind 'handled_elsewhere'; known kinds: [library_kind, own_kind]");
	}

	@Test
	void argsThatCannotBeSerializedAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.enqueue("send_email", new Unserializable()))
			.withMessageContaining("Job args of type " + Unserializable.class.getName() + " cannot be serialized");
	}

	static class Unserializable {

		public String getValue() {
			throw new IllegalStateException("no value");
		}

	}

	@Test
	void argsOverTheSizeLimitAreRejected() {
		JobClient small = new JobClient(this.store, this.handlers, new JacksonArgsCodec(),
				new ClientConfig("default", 20, 64, true), this.clock, (event) -> {
				});

		assertThatIllegalArgumentException()
			.isThrownBy(() -> small.enqueue("send_email", Map.of("body", "x".repeat(100))))
			.withMessageContaining("Args of job kind 'send_email' are 111 bytes of JSON, over the limit of 64 bytes");
		assertThat(this.store.size()).isZero();
	}

	@Test
	void enqueueAllInsertsEveryJobInOrder() {
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			requests.add(JobRequest.of("send_email", Map.of("n", i)));
		}

		List<Job> jobs = this.client.enqueueAll(requests);

		assertThat(jobs).hasSize(50);
		assertThat(jobs).extracting(Job::args).startsWith("{\"n\":0}", "{\"n\":1}").endsWith("{\"n\":49}");
		assertThat(this.client.enqueueAll(List.of())).isEmpty();
	}

	@Test
	void uniqueKeyKeepsOneJobAndReplaceUpdatesTheWaitingOne() {
		Job first = this.client.enqueue(JobRequest.of("send_email", Map.of("v", 1)).unique("welcome:42"));
		Job ignored = this.client.enqueue(JobRequest.of("send_email", Map.of("v", 2)).unique("welcome:42"));
		Job replaced = this.client
			.enqueue(JobRequest.of("send_email", Map.of("v", 3)).unique("welcome:42", UniqueStrategy.REPLACE));

		assertThat(ignored.id()).isEqualTo(first.id());
		assertThat(ignored.args()).isEqualTo("{\"v\":1}");
		assertThat(replaced.id()).isEqualTo(first.id());
		assertThat(replaced.args()).isEqualTo("{\"v\":3}");
		assertThat(this.store.size()).isEqualTo(1);
	}

	@Test
	void cancelAndRetryChangeTheJob() {
		Job job = this.client.enqueue("send_email", Map.of());

		Job cancelled = this.client.cancel(job.id()).orElseThrow();
		Job retried = this.client.retry(job.id()).orElseThrow();

		assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
		assertThat(retried.state()).isEqualTo(JobState.AVAILABLE);
		assertThat(this.client.cancel(999)).isEmpty();
		assertThat(this.events).extracting(JobEvent::type)
			.containsExactly(JobEvent.Type.ENQUEUED, JobEvent.Type.CANCELLED);
	}

	@Test
	void jobsEnqueuedInATransactionAreAnnouncedOnceItCommitsWithHowManyEachQueueGot() {
		Transaction transaction = new Transaction();
		List<Map<String, Integer>> woken = new ArrayList<>();
		JobClient transactional = new JobClient(this.store, this.handlers, new JacksonArgsCodec(), ClientConfig.DEFAULT,
				this.clock, this.events::add, transaction, woken::add, dev.jobs.JobObserver.NONE);

		transactional.enqueue("send_email", Map.of());
		transactional.enqueueAll(List.of(JobRequest.of("resize_image", Map.of()), JobRequest.of("send_email", Map.of()),
				JobRequest.of("send_email", Map.of()).delay(Duration.ofMinutes(1))));

		assertThat(this.events).isEmpty();
		assertThat(woken).isEmpty();
		assertThat(transaction.actions).hasSize(1);
		transaction.commit();
		assertThat(this.events).extracting(JobEvent::type).containsOnly(JobEvent.Type.ENQUEUED).hasSize(4);
		// The delayed job is not available: its queue is not told of it.
		assertThat(woken).containsExactly(Map.of("default", 2, "images", 1));
	}

	@Test
	void jobsEnqueuedOutsideATransactionAreAnnouncedAtOnce() {
		List<Map<String, Integer>> woken = new ArrayList<>();
		JobClient client = new JobClient(this.store, this.handlers, new JacksonArgsCodec(), ClientConfig.DEFAULT,
				this.clock, this.events::add, CommitHooks.NONE, woken::add, dev.jobs.JobObserver.NONE);

		client.enqueue("resize_image", Map.of());

		assertThat(this.events).extracting(JobEvent::type).containsExactly(JobEvent.Type.ENQUEUED);
		assertThat(woken).containsExactly(Map.of("images", 1));
	}

	@Test
	void aRetriedJobWakesItsQueue() {
		List<Map<String, Integer>> woken = new ArrayList<>();
		JobClient client = new JobClient(this.store, this.handlers, new JacksonArgsCodec(), ClientConfig.DEFAULT,
				this.clock, this.events::add, CommitHooks.NONE, woken::add, dev.jobs.JobObserver.NONE);
		Job job = client.enqueue(JobRequest.of("resize_image", Map.of()).delay(Duration.ofMinutes(5)));
		assertThat(woken).isEmpty();

		client.retry(job.id());

		assertThat(woken).containsExactly(Map.of("images", 1));
	}

	/** A transaction whose commit the test decides. */
	private static final class Transaction implements CommitHooks {

		private final Map<Object, Runnable> actions = new HashMap<>();

		@Override
		@SuppressWarnings("unchecked")
		public <T extends Runnable> T afterCommit(Object owner, Supplier<T> action) {
			return (T) this.actions.computeIfAbsent(owner, (key) -> action.get());
		}

		void commit() {
			this.actions.values().forEach(Runnable::run);
			this.actions.clear();
		}

	}

}
