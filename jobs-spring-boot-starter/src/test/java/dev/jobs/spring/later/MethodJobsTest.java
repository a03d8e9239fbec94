package dev.jobs.spring.later;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.jobs.Job;
import dev.jobs.JobDispatcher;
import dev.jobs.JobRequest;
import dev.jobs.JobState;
import dev.jobs.spring.autoconfigure.JobsAutoConfiguration;
import dev.jobs.store.JobStore;
import dev.jobs.store.ListParams;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Method calls enqueued through a typed proxy and run on the bean by a worker.
 */
class MethodJobsTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, JobsAutoConfiguration.class))
		.withPropertyValues("jobs.poll-interval=50ms", "jobs.queues.default.concurrency=2",
				"jobs.queues.emails.concurrency=1")
		.withBean(Mailer.class);

	@Test
	void enqueuesTheCallAndRunsItOnTheBeanWithTheArgumentsReadBack() {
		this.runner.run((context) -> {
			context.getBean(MethodJobs.class).later(Mailer.class).send(42L, new Welcome("Ada", List.of("a", "b")));

			Job job = awaitOnlyJob(context, JobState.COMPLETED);
			assertThat(job.kind()).isEqualTo(MethodJobs.KIND);
			assertThat(job.args()).contains("\"method\":\"send\"").contains(Mailer.class.getName());
			assertThat(context.getBean(Mailer.class).sent).containsExactly("42:Ada:[a, b]");
		});
	}

	@Test
	void appliesTheOptionsToEachJob() {
		this.runner.run((context) -> {
			context.getBean(MethodJobs.class)
				.later(Mailer.class, (request) -> request.queue("emails").priority(3))
				.send(1L, new Welcome("Bob", List.of()));

			Job job = awaitOnlyJob(context, JobState.COMPLETED);
			assertThat(job.queue()).isEqualTo("emails");
			assertThat(job.priority()).isEqualTo(3);
		});
	}

	@Test
	void snapshotsTheArgumentsAtTheCall() {
		this.runner.run((context) -> {
			List<String> tags = new java.util.ArrayList<>(List.of("first"));
			context.getBean(MethodJobs.class)
				.later(Mailer.class, (request) -> request.delay(Duration.ofHours(1)))
				.send(7L, new Welcome("Cy", tags));
			tags.add("changed later");

			assertThat(context.getBean(JobStore.class).list(new ListParams(null, null, null, 10))).singleElement()
				.satisfies((job) -> assertThat(job.args()).contains("[\"first\"]").doesNotContain("changed"));
		});
	}

	@Test
	void failsAtTheCallWhenAnArgumentCannotBeStored() {
		this.runner.run((context) -> {
			Mailer later = context.getBean(MethodJobs.class).later(Mailer.class);
			// An interface cannot be read back from JSON without a type to build.
			assertThatIllegalArgumentException().isThrownBy(() -> later.attach(new PdfFile("report.pdf")))
				.withMessageContaining("Cannot enqueue a call of Mailer.attach(Attachment)")
				.withMessageContaining("argument 1 (" + PdfFile.class.getName() + ")")
				.withMessageContaining("cannot be stored as JSON and read back");
			assertThat(context.getBean(JobStore.class).list(new ListParams(null, null, null, 10))).isEmpty();
		});
	}

	@Test
	void failsAtTheCallOfAMethodThatReturnsAValue() {
		this.runner.run((context) -> assertThatIllegalArgumentException()
			.isThrownBy(() -> context.getBean(MethodJobs.class).later(Mailer.class).count())
			.withMessageContaining("Mailer.count():")
			.withMessageContaining("returns int"));
	}

	@Test
	void discardsACallWhoseClassIsMissingOnTheWorkerNamingIt() {
		this.runner.run((context) -> {
			enqueue(context, new MethodCall("com.example.Gone", "send", List.of("long"),
					List.of(tools.jackson.databind.node.JsonNodeFactory.instance.numberNode(1L))));

			Job job = awaitOnlyJob(context, JobState.DISCARDED);
			assertThat(job.errors()).singleElement()
				.satisfies((error) -> assertThat(error.error()).contains("No class com.example.Gone on this worker"));
		});
	}

	@Test
	void discardsACallWhoseMethodIsMissingOnTheWorkerNamingIt() {
		this.runner.run((context) -> {
			enqueue(context, new MethodCall(Mailer.class.getName(), "sendOld", List.of("long"),
					List.of(tools.jackson.databind.node.JsonNodeFactory.instance.numberNode(1L))));

			Job job = awaitOnlyJob(context, JobState.DISCARDED);
			assertThat(job.errors()).singleElement()
				.satisfies((error) -> assertThat(error.error()).contains("No public method Mailer.sendOld(long)"));
		});
	}

	@Test
	void discardsAStoredCallOfAMethodThatReturnsAValueOrOfAFrameworkBean() {
		this.runner.run((context) -> {
			enqueue(context, new MethodCall(Mailer.class.getName(), "count", List.of(), List.of()));

			Job job = awaitOnlyJob(context, JobState.DISCARDED);
			assertThat(job.errors()).singleElement()
				.satisfies((error) -> assertThat(error.error()).contains("only void methods of the application's own"));
		});
		this.runner.run((context) -> {
			enqueue(context, new MethodCall(Thread.class.getName(), "interrupt", List.of(), List.of()));

			Job job = awaitOnlyJob(context, JobState.DISCARDED);
			assertThat(job.errors()).singleElement()
				.satisfies((error) -> assertThat(error.error()).contains("only void methods of the application's own"));
		});
	}

	@Test
	void discardsACallWithNoBeanOfItsTypeNamingIt() {
		this.runner.run((context) -> {
			context.getBean(MethodJobs.class).later(Unregistered.class).run();

			Job job = awaitOnlyJob(context, JobState.DISCARDED);
			assertThat(job.errors()).singleElement()
				.satisfies((error) -> assertThat(error.error())
					.contains("No bean of type " + Unregistered.class.getName()));
		});
	}

	private static void enqueue(AssertableApplicationContext context, MethodCall call) {
		context.getBean(JobDispatcher.class).enqueue(JobRequest.of(MethodJobs.KIND, call));
	}

	private static Job awaitOnlyJob(AssertableApplicationContext context, JobState state) {
		JobStore store = context.getBean(JobStore.class);
		return await().atMost(Duration.ofSeconds(10))
			.until(() -> store.list(new ListParams(null, null, null, 10)),
					(jobs) -> jobs.size() == 1 && jobs.get(0).state() == state)
			.get(0);
	}

	record Welcome(String name, List<String> tags) {
	}

	interface Attachment {

		String name();

	}

	record PdfFile(String name) implements Attachment {
	}

	static class Unregistered {

		public void run() {
		}

	}

	static class Mailer {

		final List<String> sent = new CopyOnWriteArrayList<>();

		public void send(long userId, Welcome welcome) {
			this.sent.add(userId + ":" + welcome.name() + ":" + welcome.tags());
		}

		public void attach(Attachment attachment) {
		}

		public int count() {
			return this.sent.size();
		}

	}

}
