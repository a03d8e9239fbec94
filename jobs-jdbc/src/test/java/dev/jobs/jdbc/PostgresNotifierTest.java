package dev.jobs.jdbc;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.jobs.Job;
import dev.jobs.JobState;
import dev.jobs.store.Completion;
import dev.jobs.store.FetchParams;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;
import dev.jobs.store.JobNotifier;
import dev.jobs.store.StageParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * LISTEN/NOTIFY: an insert notifies nobody (in the caller's transaction a notification
 * would serialize its commit with every other notifying one); the engine announces
 * available jobs afterwards on the notifier's own connection. Staging and cancel requests
 * are heard too; a killed listening connection is replaced.
 */
class PostgresNotifierTest {

	static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

	@RegisterExtension
	static final PostgresTestDatabase database = PostgresTestDatabase.perClass();

	private static JdbcJobStore store;

	private static String listenerName;

	private final BlockingQueue<String> heard = new LinkedBlockingQueue<>();

	/** Each queue heard with its sender, "queue from sender". */
	private final BlockingQueue<String> heardFrom = new LinkedBlockingQueue<>();

	private final AtomicInteger startsOfListening = new AtomicInteger();

	private PostgresNotifier notifier;

	private JobNotifier.Subscription subscription;

	@BeforeAll
	static void createStore() {
		store = JdbcJobStore.builder(database.dataSource()).build();
		listenerName = "jobs-listener-" + database.schema();
	}

	@BeforeEach
	void listen() {
		JdbcJobStore listening = JdbcJobStore.builder(database.newDataSource(2, listenerName)).migrate(false).build();
		this.notifier = (PostgresNotifier) listening.notifier().orElseThrow();
		this.subscription = this.notifier.subscribe(new JobNotifier.Listener() {

			@Override
			public void jobsAvailable(String queue) {
				PostgresNotifierTest.this.heard.add(queue);
			}

			@Override
			public void jobsAvailable(String queue, String sender) {
				PostgresNotifierTest.this.heardFrom.add(queue + " from " + sender);
				jobsAvailable(queue);
			}

			@Override
			public void cancelRequested(long id) {
				PostgresNotifierTest.this.heard.add("cancel " + id);
			}

			@Override
			public void listening() {
				PostgresNotifierTest.this.startsOfListening.incrementAndGet();
			}

		});
		await().atMost(Duration.ofSeconds(10)).until(() -> this.startsOfListening.get() == 1);
		assertThat(this.notifier.isListening()).isTrue();
	}

	@AfterEach
	void stopListening() {
		this.subscription.close();
		assertThat(this.notifier.isListening()).isFalse();
	}

	@Test
	void anInsertInTheCallersTransactionSendsNoNotification() throws Exception {
		try (Connection connection = database.dataSource().getConnection()) {
			connection.setAutoCommit(false);
			JdbcJobStore transactional = JdbcJobStore.builder(database.dataSource())
				.migrate(false)
				.connectionProvider(new AbstractJdbcJobStoreTest.CallerConnection(connection))
				.build();
			transactional.insert(new InsertParams(List.of(JobInsert.of("in-transaction", "k", "{}", T0)), T0));
			connection.commit();
			// Notifications arrive in commit order: the marker is heard first, so the
			// committed insert sent none.
			announce("marker");
			assertThat(this.heard.poll(10, TimeUnit.SECONDS)).isEqualTo("marker");
			announce("in-transaction");
			assertThat(this.heard.poll(10, TimeUnit.SECONDS)).isEqualTo("in-transaction");
		}
	}

	@Test
	void aRolledBackInsertWakesNobody() throws Exception {
		try (Connection connection = database.dataSource().getConnection()) {
			connection.setAutoCommit(false);
			JdbcJobStore transactional = JdbcJobStore.builder(database.dataSource())
				.migrate(false)
				.connectionProvider(new AbstractJdbcJobStoreTest.CallerConnection(connection))
				.build();
			transactional.insert(new InsertParams(List.of(JobInsert.of("rolled-back", "k", "{}", T0)), T0));
			connection.rollback();
			announce("marker");
			assertThat(this.heard.poll(10, TimeUnit.SECONDS)).isEqualTo("marker");
			assertThat(this.heard).isEmpty();
		}
	}

	@Test
	void anAnnouncementWakesEachOfItsQueues() throws Exception {
		store.notifier().orElseThrow().announce(List.of("one", "two"));

		assertThat(List.of(this.heard.poll(10, TimeUnit.SECONDS), this.heard.poll(10, TimeUnit.SECONDS)))
			.containsExactlyInAnyOrder("one", "two");
	}

	@Test
	void theNotifierThatAnnouncesHearsWhoSentItOthersDoNot() throws Exception {
		BlockingQueue<String> elsewhere = new LinkedBlockingQueue<>();
		PostgresNotifier other = (PostgresNotifier) store.notifier().orElseThrow();
		JobNotifier.Subscription otherSubscription = other.subscribe(new JobNotifier.Listener() {

			@Override
			public void jobsAvailable(String queue) {
			}

			@Override
			public void jobsAvailable(String queue, String sender) {
				elsewhere.add(queue + " from " + sender);
			}

		});
		try {
			await().atMost(Duration.ofSeconds(10)).until(other::isListening);
			this.notifier.announce("node-1", List.of("own"));
			this.notifier.announce(List.of("own"));
			this.notifier.announce("node-2", List.of("own"));

			assertThat(List.of(this.heardFrom.poll(10, TimeUnit.SECONDS), this.heardFrom.poll(10, TimeUnit.SECONDS),
					this.heardFrom.poll(10, TimeUnit.SECONDS)))
				.containsExactly("own from node-1", "own from null", "own from node-2");
			assertThat(List.of(elsewhere.poll(10, TimeUnit.SECONDS), elsewhere.poll(10, TimeUnit.SECONDS),
					elsewhere.poll(10, TimeUnit.SECONDS)))
				.containsOnly("own from null");
		}
		finally {
			otherSubscription.close();
		}
	}

	@Test
	void aNotificationIsMatchedToANoteByTheBackendThatSentIt() throws Exception {
		String channel = Tables.of(Dialect.POSTGRESQL, database.schema(), "").insertChannel();
		try (Connection connection = database.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			int pid = connection.unwrap(PGConnection.class).getBackendPID();
			this.notifier.ownAnnouncements().sending(pid + 1, "node-9", List.of("own"));
			statement.execute("NOTIFY \"" + channel + "\", 'own'");
			assertThat(this.heardFrom.poll(10, TimeUnit.SECONDS)).as("another backend's note")
				.isEqualTo("own from null");

			this.notifier.ownAnnouncements().sending(pid, "node-9", List.of("own"));
			statement.execute("NOTIFY \"" + channel + "\", 'own'");
			assertThat(this.heardFrom.poll(10, TimeUnit.SECONDS)).isEqualTo("own from node-9");
		}
	}

	@Test
	void stagingAndRetryingNotifyNobodyTheEngineAnnouncesTheirQueues() throws Exception {
		Job later = store.insert(new InsertParams(List.of(JobInsert.of("later", "k", "{}", T0.plusSeconds(60))), T0))
			.get(0);
		assertThat(store.stage(new StageParams(T0.plusSeconds(60), 100)).queues()).containsExactly("later");
		Job running = store.fetch(new FetchParams("later", 1, "node", T0)).get(0);
		store.complete(List.of(Completion.cancel(running, T0, null)));
		assertThat(store.retry(later.id(), T0).orElseThrow().state()).isEqualTo(JobState.AVAILABLE);

		announce("marker");
		assertThat(this.heard.poll(10, TimeUnit.SECONDS)).isEqualTo("marker");
	}

	@Test
	void cancellingARunningJobTellsItsNode() throws Exception {
		insert("running");
		Job running = store.fetch(new FetchParams("running", 1, "node", T0)).get(0);
		store.cancel(running.id(), T0);
		assertThat(this.heard.poll(10, TimeUnit.SECONDS)).isEqualTo("cancel " + running.id());
	}

	@Test
	void aCancelNotificationThatIsNoJobIdIsIgnored() throws Exception {
		try (Connection connection = database.dataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("NOTIFY \"" + Tables.of(Dialect.POSTGRESQL, database.schema(), "").cancelChannel()
					+ "\", 'not-an-id'");
		}
		insert("after-garbage");
		Job running = store.fetch(new FetchParams("after-garbage", 1, "node", T0)).get(0);
		store.cancel(running.id(), T0);

		assertThat(this.heard.poll(10, TimeUnit.SECONDS)).isEqualTo("cancel " + running.id());
		assertThat(this.startsOfListening).as("the connection was kept").hasValue(1);
	}

	@Test
	void listensAgainAfterItsConnectionIsKilled() {
		assertThat(database.terminateConnections(listenerName)).isPositive();
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
			announce("after-kill");
			return this.heard.contains("after-kill");
		});
		assertThat(this.notifier.isListening()).isTrue();
		assertThat(this.startsOfListening).as("the listeners were told it listens again").hasValue(2);
	}

	private static void announce(String queue) {
		store.notifier().orElseThrow().announce(List.of(queue));
	}

	private static void insert(String queue) {
		store.insert(new InsertParams(List.of(JobInsert.of(queue, "k", "{}", T0)), T0));
	}

}
