package dev.jobs.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import com.zaxxer.hikari.HikariDataSource;
import dev.jobs.HandlerDefinition;
import dev.jobs.HandlerRegistry;
import dev.jobs.Job;
import dev.jobs.JobDispatcher;
import dev.jobs.JobRequest;
import dev.jobs.JobState;
import dev.jobs.engine.ClientConfig;
import dev.jobs.engine.QueueConfig;
import dev.jobs.engine.Supervisor;
import dev.jobs.jdbc.JdbcJobStore;
import dev.jobs.reliability.ReliabilityDatabase.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Hostile jobs on a real PostgreSQL node: each ends in a clear state with its error
 * recorded, and none takes the node down or holds a worker slot for ever.
 */
abstract class AbstractPoisonInputTest {

	private static final String HOSTILE = "q'\"; drop table jobs; -- ünï 😀 \\ %_";

	private final CountDownLatch endOfTest = new CountDownLatch(1);

	private final Map<String, Object> received = new ConcurrentHashMap<>();

	@RegisterExtension
	final ReliabilityDatabase database;

	private HikariDataSource pool;

	private JdbcJobStore store;

	private Supervisor supervisor;

	AbstractPoisonInputTest(Server server) {
		this.database = ReliabilityDatabase.perTest(server);
	}

	record Order(long id, String sku) {
	}

	record Envelope(Object value) {
	}

	@BeforeEach
	void startNode() {
		this.pool = this.database.newPool(8, "poison");
		this.store = JdbcJobStore.builder(this.pool).migrate(false).build();
		HandlerRegistry handlers = new HandlerRegistry()
			.register("typed", Order.class, (order, context) -> this.received.put("typed", order))
			.register("throws", Map.class, (args, context) -> {
				throw new IllegalStateException("always fails");
			})
			.register("overflows", Map.class, (args, context) -> recurse(0))
			.register(HandlerDefinition.of("hangs", Map.class, (args, context) -> new CountDownLatch(1).await())
				.timeout(Duration.ofMillis(300)))
			.register(HandlerDefinition.of("ignores_interrupts", Map.class, (args, context) -> ignoreInterrupts())
				.queue("single")
				.timeout(Duration.ofMillis(300)))
			.register(HandlerDefinition.of("after", Map.class, (args, context) -> this.received.put("after", args))
				.queue("single"))
			.register(HOSTILE, Map.class, (args, context) -> this.received.put("hostile", args))
			.register("untyped", Map.class, (args, context) -> this.received.put("untyped", args))
			.register("enveloped", Envelope.class, (envelope, context) -> this.received.put("enveloped", envelope));
		this.supervisor = ReliabilityDatabase.fastSupervisor(this.store, handlers, "poison-node")
			.queue(new QueueConfig("default", 4, 4, Duration.ofMillis(100)))
			.queue(new QueueConfig("single", 1, 1, Duration.ofMillis(100)))
			.queue(new QueueConfig(HOSTILE, 1, 1, Duration.ofMillis(100)))
			.client(new ClientConfig("default", 1, 1024, true))
			.build();
		this.supervisor.start();
	}

	@AfterEach
	void stopNode() {
		this.endOfTest.countDown();
		if (this.supervisor != null) {
			this.supervisor.stop(Duration.ofSeconds(5));
			this.store.close();
			this.pool.close();
		}
	}

	@Test
	void argsThatDoNotBindAreDiscardedWithTheBindingError() {
		Job job = jobs().enqueue(JobRequest.of("typed", Map.of("id", "not-a-number")).maxAttempts(5));

		Job discarded = awaitState(job, JobState.DISCARDED);
		assertThat(discarded.attempt()).isOne();
		assertThat(discarded.errors()).singleElement()
			.satisfies((error) -> assertThat(error.error()).contains("do not bind to").contains("Order"));
	}

	@Test
	void handlerThatAlwaysThrowsEndsDiscardedWithEveryError() {
		Job job = jobs().enqueue(JobRequest.of("throws", null).maxAttempts(3));

		Job discarded = awaitState(job, JobState.DISCARDED);
		assertThat(discarded.errors()).hasSize(3)
			.allSatisfy(
					(error) -> assertThat(error.error()).isEqualTo("java.lang.IllegalStateException: always fails"));
	}

	@Test
	void handlerThatHangsTimesOut() {
		Job job = jobs().enqueue("hangs", null);

		Job discarded = awaitState(job, JobState.DISCARDED);
		assertThat(discarded.errors()).singleElement()
			.satisfies((error) -> assertThat(error.error()).contains("TimeoutException"));
	}

	@Test
	void handlerThatIgnoresInterruptsTimesOutAndItsSlotIsRecovered() {
		Job stubborn = jobs().enqueue("ignores_interrupts", null);
		Job next = jobs().enqueue("after", Map.of("n", 1));

		assertThat(awaitState(stubborn, JobState.DISCARDED).errors()).singleElement()
			.satisfies((error) -> assertThat(error.error()).contains("TimeoutException"));
		awaitState(next, JobState.COMPLETED);
		assertThat(this.received).containsKey("after");
	}

	@Test
	void handlerThatThrowsAnErrorIsRecordedLikeAnyFailure() {
		Job job = jobs().enqueue("overflows", null);

		Job discarded = awaitState(job, JobState.DISCARDED);
		assertThat(discarded.errors()).singleElement()
			.satisfies((error) -> assertThat(error.error()).isEqualTo("java.lang.StackOverflowError"));
	}

	@Test
	void hugeArgsAreRejectedByTheLimitAndNothingIsStored() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> jobs().enqueue("untyped", Map.of("blob", "x".repeat(2048))))
			.withMessageContaining("over the limit of 1024 bytes");
		assertThat(this.database.count("SELECT count(*) FROM jobs")).isZero();
	}

	@Test
	void unknownKindInsertedStraightIntoTheTableEndsDiscardedWithAClearError() {
		this.database.execute("INSERT INTO jobs (queue, kind, args, state, priority, attempt, max_attempts, "
				+ "inserted_at, scheduled_at, errors) VALUES ('default', 'no_such_kind', '{}', 0, 0, 0, 1, "
				+ this.database.server().now + ", " + this.database.server().now + ", '[]')");
		long id = this.database.count("SELECT max(id) FROM jobs");
		this.supervisor.wake("default");

		Job discarded = await().atMost(Duration.ofSeconds(30))
			.until(() -> this.store.find(id).orElseThrow(), (job) -> job.state() == JobState.DISCARDED);
		assertThat(discarded.errors()).singleElement()
			.satisfies((error) -> assertThat(error.error()).contains("No handler for job kind 'no_such_kind'"));
	}

	@Test
	void sqlMetacharactersAndUnicodeInKindsQueuesAndArgsRoundTripExactly() {
		Map<String, Object> args = Map.of("text", HOSTILE, "nested", Map.of(HOSTILE, List.of(HOSTILE)));
		Job job = jobs().enqueue(JobRequest.of(HOSTILE, args).queue(HOSTILE));

		Job completed = awaitState(job, JobState.COMPLETED);
		assertThat(completed.kind()).isEqualTo(HOSTILE);
		assertThat(completed.queue()).isEqualTo(HOSTILE);
		assertThat(this.received.get("hostile")).isEqualTo(args);
		assertThat(this.database.count("SELECT count(*) FROM jobs")).isOne();
	}

	@Test
	void argsNeverBecomeArbitraryClasses() {
		String gadget = "{\"@class\":\"java.lang.ProcessBuilder\",\"command\":[\"touch\",\"/tmp/jobs-pwned\"]}";
		Job untyped = jobs().enqueue("untyped", readTree(gadget));
		Job enveloped = jobs().enqueue("enveloped",
				readTree("{\"value\":{\"@class\":\"java.io.File\",\"path\":\"/tmp\"}}"));

		awaitState(untyped, JobState.COMPLETED);
		awaitState(enveloped, JobState.COMPLETED);
		assertThat(this.received.get("untyped")).isInstanceOf(Map.class);
		assertThat(((Map<?, ?>) this.received.get("untyped")).get("@class")).isEqualTo("java.lang.ProcessBuilder");
		assertThat(((Envelope) this.received.get("enveloped")).value()).isInstanceOf(Map.class);
	}

	private static Object readTree(String json) {
		return tools.jackson.databind.json.JsonMapper.builder().build().readTree(json);
	}

	private JobDispatcher jobs() {
		return this.supervisor.dispatcher();
	}

	private Job awaitState(Job job, JobState state) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> this.store.find(job.id()).orElseThrow(), (current) -> current.state() == state);
	}

	private void ignoreInterrupts() {
		while (this.endOfTest.getCount() > 0) {
			try {
				this.endOfTest.await();
			}
			catch (InterruptedException ignored) {
				// Hostile on purpose: the timeout must free the slot anyway.
			}
		}
	}

	private static int recurse(int depth) {
		return recurse(depth + 1) + 1;
	}

}
