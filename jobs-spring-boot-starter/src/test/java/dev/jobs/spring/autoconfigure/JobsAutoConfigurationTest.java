package dev.jobs.spring.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.jobs.ArgsCodec;
import dev.jobs.HandlerRegistry;
import dev.jobs.JacksonArgsCodec;
import dev.jobs.Job;
import dev.jobs.JobDispatcher;
import dev.jobs.JobEvent;
import dev.jobs.JobRequest;
import dev.jobs.JobState;
import dev.jobs.JobsListener;
import dev.jobs.engine.JobClient;
import dev.jobs.engine.Supervisor;
import dev.jobs.engine.SupervisorBuilder;
import dev.jobs.spring.handler.JobHandler;
import dev.jobs.spring.handler.JobHandlerRegistrar;
import dev.jobs.store.JobStore;
import dev.jobs.store.memory.MemoryJobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The auto-configuration's beans, conditions and back-offs, on the memory store.
 */
@ExtendWith(OutputCaptureExtension.class)
class JobsAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, JobsAutoConfiguration.class))
		.withPropertyValues("jobs.poll-interval=50ms", "jobs.stager.interval=50ms",
				"jobs.cron-scheduling.check-interval=100ms");

	@Test
	void createsTheMemoryStoreDispatcherAndRunningSupervisorWithoutADataSource(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(MemoryJobStore.class)
				.hasSingleBean(HandlerRegistry.class)
				.hasSingleBean(JacksonArgsCodec.class)
				.hasSingleBean(JobHandlerRegistrar.class)
				.hasSingleBean(JobDispatcher.class)
				.hasSingleBean(Supervisor.class)
				.hasSingleBean(JobsLifecycle.class);
			assertThat(context.getBean(Supervisor.class).isRunning()).isTrue();
			assertThat(context.getBean(Supervisor.class).queues()).singleElement()
				.satisfies((queue) -> assertThat(queue.name()).isEqualTo("default"));
			assertThat(output).contains("Jobs are kept in memory (no DataSource): they are not durable");
		});
	}

	@Test
	void servesAndFillsTheConfiguredDefaultQueueWhenItIsNotDefault() {
		this.runner.withPropertyValues("jobs.default-queue=mail").withBean(Greeter.class).run((context) -> {
			assertThat(context.getBean(Supervisor.class).queues()).singleElement()
				.satisfies((queue) -> assertThat(queue.name()).isEqualTo("mail"));
			Job job = context.getBean(JobDispatcher.class).enqueue("greet", new Greeting("Ada"));
			assertThat(job.queue()).isEqualTo("mail");
			awaitState(context, job, JobState.COMPLETED);
		});
	}

	@Test
	void enqueueOnlyNodeSendsJobsToTheConfiguredDefaultQueue() {
		this.runner.withPropertyValues("jobs.default-queue=mail", "jobs.worker.enabled=false")
			.withBean(Greeter.class)
			.run((context) -> assertThat(context.getBean(JobDispatcher.class).enqueue("greet", new Greeting("Ada")))
				.extracting(Job::queue)
				.isEqualTo("mail"));
	}

	@Test
	void warnsWhenTheConfiguredDefaultQueueIsNotServedHere(CapturedOutput output) {
		this.runner.withPropertyValues("jobs.default-queue=mail", "jobs.queues.images.concurrency=2").run((context) -> {
			assertThat(context.getBean(Supervisor.class).queues()).singleElement()
				.satisfies((queue) -> assertThat(queue.name()).isEqualTo("images"));
			assertThat(output).contains("Jobs go to queues [mail]");
		});
	}

	@Test
	void callsTheHandlersOnDiscardMethodOnceAJobOfItsKindIsDiscarded(CapturedOutput output) {
		this.runner.withBean(Alerting.class).run((context) -> {
			Job job = context.getBean(JobDispatcher.class).enqueue("charge", new Greeting("Ada"));
			awaitState(context, job, JobState.DISCARDED);
			await().untilAsserted(() -> assertThat(context.getBean(Alerting.class).alerts)
				.containsExactly("Ada:1:java.lang.IllegalStateException: card declined"));
			assertThat(output).contains("Discard hook of job kind=charge id=" + job.id() + " failed");
			assertThat(context.getBean(JobStore.class).find(job.id())).get()
				.extracting(Job::state)
				.isEqualTo(JobState.DISCARDED);
		});
	}

	@Test
	void oneShotWorkerRunsItsMaxJobsThenClosesTheContextAndExitsWithZero() throws Exception {
		java.util.concurrent.CompletableFuture<Integer> exit = new java.util.concurrent.CompletableFuture<>();
		MemoryJobStore store = new MemoryJobStore();
		Greeter greeter = new Greeter();
		// Enqueued before start, so that the worker finds three jobs and runs two.
		JobClient client = new JobClient(store, new HandlerRegistry(), new JacksonArgsCodec(),
				dev.jobs.engine.ClientConfig.DEFAULT, java.time.Clock.systemUTC(), JobsListener.NONE);
		List<Job> jobs = List.of(client.enqueue("greet", new Greeting("a")), client.enqueue("greet", new Greeting("b")),
				client.enqueue("greet", new Greeting("c")));
		// The worker closes its own context once done: the test holds what it reads.
		this.runner.withPropertyValues("jobs.worker.max-jobs=2")
			.withBean(Greeter.class, () -> greeter)
			.withBean(JobStore.class, () -> store)
			.withBean(JobsProcessExit.class, () -> exit::complete)
			.run((context) -> {
				assertThat(exit.get(10, java.util.concurrent.TimeUnit.SECONDS)).isZero();
				assertThat(context.isActive()).isFalse();
				assertThat(greeter.greeted).hasSize(2);
				assertThat(jobs).extracting((job) -> store.find(job.id()).orElseThrow().state())
					.containsExactlyInAnyOrder(JobState.COMPLETED, JobState.COMPLETED, JobState.AVAILABLE);
			});
	}

	@Test
	void oneShotWorkerExitsOnceItsQueuesAreEmpty() throws Exception {
		java.util.concurrent.CompletableFuture<Integer> exit = new java.util.concurrent.CompletableFuture<>();
		this.runner.withPropertyValues("exit-when-empty=true")
			.withBean(JobsProcessExit.class, () -> exit::complete)
			.run((context) -> assertThat(exit.get(10, java.util.concurrent.TimeUnit.SECONDS)).isZero());
	}

	@Test
	void workerWithoutARunLimitNeverExits() {
		java.util.concurrent.CompletableFuture<Integer> exit = new java.util.concurrent.CompletableFuture<>();
		this.runner.withBean(JobsProcessExit.class, () -> exit::complete).withBean(Greeter.class).run((context) -> {
			Job job = context.getBean(JobDispatcher.class).enqueue("greet", new Greeting("Ada"));
			awaitState(context, job, JobState.COMPLETED);
			assertThat(context.getBean(Supervisor.class).finished()).isNotDone();
			assertThat(exit).isNotDone();
		});
	}

	@Test
	void takesQueuesInStrictOrderSharingTheirSlots() {
		this.runner
			.withPropertyValues("jobs.queues.high.concurrency=2", "jobs.queues.default.concurrency=3",
					"jobs.queues.other.concurrency=1", "jobs.worker.strict-order=high,default")
			.run((context) -> assertThat(context.getBean(Supervisor.class).queues())
				.extracting(Supervisor.QueueStatus::name, Supervisor.QueueStatus::concurrency)
				.containsExactly(org.assertj.core.groups.Tuple.tuple("high", 5),
						org.assertj.core.groups.Tuple.tuple("default", 5),
						org.assertj.core.groups.Tuple.tuple("other", 1)));
	}

	@Test
	void stopsTheSupervisorWhenTheContextCloses() {
		Supervisor[] supervisor = new Supervisor[1];
		this.runner.run((context) -> supervisor[0] = context.getBean(Supervisor.class));
		assertThat(supervisor[0].isRunning()).isFalse();
	}

	@Test
	void runsAnnotatedHandlersOnceTheContextIsReady() {
		this.runner.withBean(Greeter.class).run((context) -> {
			Job job = context.getBean(JobDispatcher.class).enqueue("greet", new Greeting("Ada"));
			awaitState(context, job, JobState.COMPLETED);
			assertThat(context.getBean(Greeter.class).greeted).containsExactly("Ada");
		});
	}

	@Test
	void turnsEverythingOffWhenJobsAreDisabled() {
		this.runner.withPropertyValues("jobs.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(JobStore.class)
				.doesNotHaveBean(JobDispatcher.class)
				.doesNotHaveBean(Supervisor.class)
				.doesNotHaveBean(JobHandlerRegistrar.class)
				.doesNotHaveBean(JobsProperties.class));
	}

	@Test
	void makesAnEnqueueOnlyNodeWhenTheWorkerIsDisabled() {
		this.runner.withPropertyValues("jobs.worker.enabled=false").withBean(Greeter.class).run((context) -> {
			assertThat(context).doesNotHaveBean(Supervisor.class).doesNotHaveBean(JobsLifecycle.class);
			assertThat(context).getBean(JobDispatcher.class).isInstanceOf(JobClient.class);
			Job job = context.getBean(JobDispatcher.class).enqueue("greet", new Greeting("Ada"));
			assertThat(context.getBean(JobStore.class).find(job.id())).get()
				.extracting(Job::state)
				.isEqualTo(JobState.AVAILABLE);
		});
	}

	@Test
	void backsOffWhenTheUserDefinesAJobStore() {
		MemoryJobStore store = new MemoryJobStore();
		this.runner.withBean("myStore", JobStore.class, () -> store)
			.run((context) -> assertThat(context).getBean(JobStore.class).isSameAs(store));
	}

	@Test
	void backsOffWhenTheUserDefinesAJobDispatcher() {
		JobDispatcher dispatcher = new JobClient(new MemoryJobStore(), new HandlerRegistry(), new JacksonArgsCodec(),
				dev.jobs.engine.ClientConfig.DEFAULT, java.time.Clock.systemUTC(), JobsListener.NONE);
		this.runner.withBean("myDispatcher", JobDispatcher.class, () -> dispatcher)
			.run((context) -> assertThat(context).getBean(JobDispatcher.class).isSameAs(dispatcher));
	}

	@Test
	void backsOffWhenTheUserDefinesASupervisor() {
		this.runner
			.withBean("mySupervisor", Supervisor.class,
					() -> Supervisor.builder(new MemoryJobStore()).queue("mine", 1).build())
			.run((context) -> assertThat(context).getBean(Supervisor.class)
				.satisfies((supervisor) -> assertThat(supervisor.queues()).extracting(Supervisor.QueueStatus::name)
					.containsExactly("mine")));
	}

	@Test
	void backsOffWhenTheUserDefinesAHandlerRegistryAndAnArgsCodec() {
		HandlerRegistry registry = new HandlerRegistry();
		ArgsCodec codec = new JacksonArgsCodec();
		this.runner.withBean("myRegistry", HandlerRegistry.class, () -> registry)
			.withBean("myCodec", ArgsCodec.class, () -> codec)
			.run((context) -> {
				assertThat(context).getBean(HandlerRegistry.class).isSameAs(registry);
				assertThat(context).getBean(ArgsCodec.class).isSameAs(codec);
			});
	}

	@Test
	void bindsArgsWithTheApplicationsJsonMapper() {
		this.runner.withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE")
			.withBean(Greeter.class)
			.run((context) -> {
				Job job = context.getBean(JobDispatcher.class).enqueue("greet_later", new LateGreeting("Ada", 3));
				assertThat(job.args()).isEqualTo("{\"name\":\"Ada\",\"delay_minutes\":3}");
			});
	}

	@Test
	void appliesSupervisorCustomizersInOrderAfterTheProperties() {
		this.runner.withPropertyValues("jobs.node-id=from-properties")
			.withBean("second", SupervisorCustomizer.class,
					() -> new OrderedCustomizer((builder) -> builder.nodeId("second")))
			.withBean("first", FirstCustomizer.class)
			.run((context) -> assertThat(context.getBean(Supervisor.class).nodeId()).isEqualTo("second"));
	}

	@Test
	void tellsEveryJobsListenerBean() {
		Recorder first = new Recorder();
		Recorder second = new Recorder();
		this.runner.withBean("first", JobsListener.class, () -> first)
			.withBean("second", JobsListener.class, () -> second)
			.withBean(Greeter.class)
			.run((context) -> {
				Job job = context.getBean(JobDispatcher.class).enqueue("greet", new Greeting("Ada"));
				awaitState(context, job, JobState.COMPLETED);
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(second.types).contains(JobEvent.Type.COMPLETED));
				assertThat(first.types).contains(JobEvent.Type.ENQUEUED, JobEvent.Type.STARTED);
				assertThat(second.types).contains(JobEvent.Type.ENQUEUED, JobEvent.Type.STARTED);
			});
	}

	@Test
	void enqueuesConfiguredCronEntriesOnTheLeader() {
		this.runner
			.withPropertyValues("jobs.cron.every-second.expression=* * * * * *", "jobs.cron.every-second.kind=greet",
					"jobs.cron.every-second.args.name=Cron")
			.withBean(Greeter.class)
			.run((context) -> {
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(context.getBean(Greeter.class).greeted).contains("Cron"));
				assertThat(context.getBean(JobsLifecycle.class).cronEntries()).singleElement()
					.satisfies((entry) -> assertThat(entry.name()).isEqualTo("every-second"));
			});
	}

	@Test
	void enqueuesAnnotatedCronHandlersOnTheLeader() {
		this.runner.withBean(Ticker.class).run((context) -> {
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(context.getBean(Ticker.class).ticks).isNotEmpty());
			assertThat(context.getBean(JobsLifecycle.class).cronEntries()).singleElement()
				.satisfies((entry) -> assertThat(entry.name()).isEqualTo("tick"));
		});
	}

	@Test
	void failsStartUpWhenAPropertyCronEntryIsNamedLikeAnAnnotatedOne() {
		this.runner.withPropertyValues("jobs.cron.tick.expression=@daily", "jobs.cron.tick.kind=tick")
			.withBean(Ticker.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("Cron entry 'tick' is defined twice")
					.hasMessageContaining("annotated handlers are named after their kind");
			});
	}

	@Test
	void theApplicationsClockDrivesTheEngine() {
		Instant fixed = Instant.parse("2030-01-02T03:04:05Z");
		this.runner.withBean(Clock.class, () -> Clock.fixed(fixed, ZoneOffset.UTC)).run((context) -> {
			Job job = context.getBean(JobDispatcher.class)
				.enqueue(JobRequest.of("tick", null).delay(Duration.ofHours(1)));
			assertThat(job.insertedAt()).isEqualTo(fixed);
			assertThat(job.scheduledAt()).isEqualTo(fixed.plus(Duration.ofHours(1)));
		});
	}

	@Test
	void pausesConfiguredQueuesAtStart() {
		this.runner.withPropertyValues("jobs.queues.default.concurrency=2", "jobs.queues.reports.paused=true")
			.run((context) -> {
				assertThat(context.getBean(JobStore.class).pausedQueues()).containsExactly("reports");
				assertThat(context.getBean(Supervisor.class).queues())
					.extracting(Supervisor.QueueStatus::name, Supervisor.QueueStatus::concurrency,
							Supervisor.QueueStatus::paused)
					.containsExactly(org.assertj.core.groups.Tuple.tuple("default", 2, false),
							org.assertj.core.groups.Tuple.tuple("reports", 10, true));
			});
	}

	@Test
	void runsJobsOnVirtualThreadsWhenEnabledAndTheRuntimeHasThem() {
		this.runner.withPropertyValues("spring.threads.virtual.enabled=true")
			.withBean(ThreadRecorder.class)
			.run((context) -> {
				Job job = context.getBean(JobDispatcher.class).enqueue("record_thread", null);
				awaitState(context, job, JobState.COMPLETED);
				assertThat(isVirtual(context.getBean(ThreadRecorder.class).threads.get(0)))
					.isEqualTo(Runtime.version().feature() >= 21);
			});
	}

	@Test
	void runsJobsOnPlatformThreadsByDefault() {
		this.runner.withBean(ThreadRecorder.class).run((context) -> {
			Job job = context.getBean(JobDispatcher.class).enqueue("record_thread", null);
			awaitState(context, job, JobState.COMPLETED);
			assertThat(isVirtual(context.getBean(ThreadRecorder.class).threads.get(0))).isFalse();
		});
	}

	private static boolean isVirtual(Thread thread) throws Exception {
		if (Runtime.version().feature() < 21) {
			return false;
		}
		return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
	}

	static void awaitState(AssertableApplicationContext context, Job job, JobState state) {
		JobStore store = context.getBean(JobStore.class);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(store.find(job.id())).get().extracting(Job::state).isEqualTo(state));
	}

	record Greeting(String name) {
	}

	record LateGreeting(String name, int delayMinutes) {
	}

	static class Alerting {

		final List<String> alerts = new CopyOnWriteArrayList<>();

		@JobHandler(value = "charge", maxAttempts = 1, onDiscard = "chargeFailed")
		public void charge(Greeting greeting) {
			throw new IllegalStateException("card declined");
		}

		public void chargeFailed(dev.jobs.JobError error, Greeting greeting, Job job) {
			this.alerts.add(greeting.name() + ":" + job.attempt() + ":" + error.error());
			throw new IllegalStateException("alerting is down too");
		}

	}

	static class Greeter {

		final List<String> greeted = new CopyOnWriteArrayList<>();

		@JobHandler("greet")
		void greet(Greeting greeting) {
			this.greeted.add(greeting.name());
		}

		@JobHandler("greet_later")
		void greetLater(LateGreeting greeting) {
			this.greeted.add(greeting.name());
		}

	}

	static class Ticker {

		final List<String> ticks = new CopyOnWriteArrayList<>();

		@JobHandler(value = "tick", cron = "* * * * * *", cronZone = "UTC")
		void tick() {
			this.ticks.add("tick");
		}

	}

	static class ThreadRecorder {

		final List<Thread> threads = new CopyOnWriteArrayList<>();

		@JobHandler("record_thread")
		void record() {
			this.threads.add(Thread.currentThread());
		}

	}

	static class Recorder implements JobsListener {

		final List<JobEvent.Type> types = new CopyOnWriteArrayList<>();

		@Override
		public void onEvent(JobEvent event) {
			this.types.add(event.type());
		}

	}

	@Order(2)
	record OrderedCustomizer(SupervisorCustomizer delegate) implements SupervisorCustomizer {

		@Override
		public void customize(SupervisorBuilder builder) {
			this.delegate.customize(builder);
		}

	}

	@Order(1)
	static class FirstCustomizer implements SupervisorCustomizer {

		@Override
		public void customize(SupervisorBuilder builder) {
			builder.nodeId("first");
		}

	}

}
