package dev.jobs.spring.actuate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.jobs.Job;
import dev.jobs.JobDispatcher;
import dev.jobs.JobRequest;
import dev.jobs.JobState;
import dev.jobs.engine.Supervisor;
import dev.jobs.spring.autoconfigure.JobsAutoConfiguration;
import dev.jobs.spring.autoconfigure.JobsEndpointAutoConfiguration;
import dev.jobs.spring.handler.JobHandler;
import dev.jobs.store.JobStore;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The {@code jobs} endpoint's operations, on the memory store with a running supervisor.
 */
class JobsEndpointTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JobsAutoConfiguration.class, JobsEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=jobs", "jobs.poll-interval=50ms",
				"jobs.stager.interval=50ms", "jobs.queues.default.concurrency=2", "jobs.queues.slow.paused=true")
		.withBean(Handlers.class);

	@Test
	void isOnlyCreatedWhenExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(JobsEndpoint.class));
	}

	@Test
	void showsCountsByStateAgeRatesAndWhatRunsOnThisNode() {
		this.runner.run((context) -> {
			JobDispatcher dispatcher = context.getBean(JobDispatcher.class);
			dispatcher.enqueue(JobRequest.of("ok", null).queue("slow"));
			dispatcher.enqueue(JobRequest.of("ok", null).queue("slow"));
			Job done = dispatcher.enqueue("ok", null);
			Job failed = dispatcher.enqueue(JobRequest.of("fail", null).maxAttempts(1));
			awaitState(context, done, JobState.COMPLETED);
			awaitState(context, failed, JobState.DISCARDED);
			JobsDescriptor jobs = context.getBean(JobsEndpoint.class).jobs();
			Supervisor supervisor = context.getBean(Supervisor.class);
			assertThat(jobs.node()).isEqualTo(supervisor.nodeId());
			assertThat(jobs.leader()).isTrue();
			assertThat(jobs.running()).isTrue();
			assertThat(jobs.pausedQueues()).containsExactly("slow");
			assertThat(jobs.queues()).containsOnlyKeys("default", "slow");
			QueueDescriptor slow = jobs.queues().get("slow");
			assertThat(slow.counts()).containsEntry("available", 2L).containsEntry("completed", 0L);
			assertThat(slow.oldestAvailableSeconds()).isNotNull().isGreaterThanOrEqualTo(0.0);
			assertThat(slow.paused()).isTrue();
			assertThat(slow.runningOnThisNode()).isZero();
			QueueDescriptor main = jobs.queues().get("default");
			assertThat(main.counts()).containsEntry("completed", 1L).containsEntry("discarded", 1L);
			assertThat(main.completedLastMinute()).isEqualTo(1);
			assertThat(main.failedLastMinute()).isEqualTo(1);
			assertThat(main.oldestAvailableSeconds()).isNull();
			assertThat(main.concurrencyOnThisNode()).isEqualTo(2);
		});
	}

	@Test
	void showsAJobWithItsErrorHistoryAndNothingForAnUnknownId() {
		this.runner.run((context) -> {
			Job failed = context.getBean(JobDispatcher.class)
				.enqueue(JobRequest.of("fail", java.util.Map.of("to", "ada")).maxAttempts(1));
			awaitState(context, failed, JobState.DISCARDED);
			JobsEndpoint endpoint = context.getBean(JobsEndpoint.class);
			JobDescriptor job = endpoint.job(failed.id());
			assertThat(job.state()).isEqualTo("discarded");
			assertThat(job.args()).isEqualTo("{\"to\":\"ada\"}");
			assertThat(job.errors()).singleElement().satisfies((error) -> {
				assertThat(error.attempt()).isEqualTo(1);
				assertThat(error.error()).isEqualTo("java.lang.IllegalStateException: always fails");
				assertThat(error.trace()).contains("Handlers.fail");
				assertThat(error.node()).isEqualTo(job.attemptedBy()).isNotNull();
				assertThat(error.startedAt()).isEqualTo(job.attemptedAt()).isNotNull();
			});
			assertThat(endpoint.job(failed.id() + 1000)).isNull();
		});
	}

	@Test
	void showsAResultAndTheWorkflowOfAStepAndCancelsTheWorkflow() {
		this.runner.run((context) -> {
			JobDispatcher dispatcher = context.getBean(JobDispatcher.class);
			Job answered = dispatcher.enqueue("answer", null);
			awaitState(context, answered, JobState.COMPLETED);
			JobsEndpoint endpoint = context.getBean(JobsEndpoint.class);
			assertThat(endpoint.job(answered.id()).result()).isEqualTo("{\"answer\":42}");
			dev.jobs.WorkflowStatus workflow = dispatcher.enqueue(dev.jobs.Workflow.builder()
				.step("first", JobRequest.of("ok", null).queue("slow"))
				.step("second", JobRequest.of("ok", null).queue("slow"), "first")
				.build());
			JobDescriptor first = endpoint.job(workflow.id());
			assertThat(first.workflowId()).isEqualTo(workflow.id());
			assertThat(first.step()).isEqualTo("first");
			assertThat(first.workflow().state()).isEqualTo("running");
			assertThat(first.workflow().steps())
				.extracting(WorkflowDescriptor.StepDescriptor::name, WorkflowDescriptor.StepDescriptor::state)
				.containsExactly(org.assertj.core.groups.Tuple.tuple("first", "available"),
						org.assertj.core.groups.Tuple.tuple("second", "pending"));
			JobDescriptor cancelled = endpoint.changeJob(workflow.id(), "cancel-workflow").getBody();
			assertThat(cancelled.workflow().state()).isEqualTo("cancelled");
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.changeJob(answered.id(), "cancel-workflow"))
				.withMessageContaining("not a workflow step");
		});
	}

	@Test
	void listsJobsNewestFirstPageByPage() {
		this.runner.run((context) -> {
			JobDispatcher dispatcher = context.getBean(JobDispatcher.class);
			long[] ids = new long[3];
			for (int i = 0; i < 3; i++) {
				ids[i] = dispatcher.enqueue(JobRequest.of("ok", null).queue("slow")).id();
			}
			JobsEndpoint endpoint = context.getBean(JobsEndpoint.class);
			JobPageDescriptor first = endpoint.list("slow", "available", null, 2, null);
			assertThat(first.jobs()).extracting(JobDescriptor::id).containsExactly(ids[2], ids[1]);
			assertThat(first.nextBefore()).isEqualTo(ids[1]);
			JobPageDescriptor second = endpoint.list("slow", "AVAILABLE", first.nextBefore(), 2, null);
			assertThat(second.jobs()).extracting(JobDescriptor::id).containsExactly(ids[0]);
			assertThat(second.nextBefore()).isNull();
			assertThat(endpoint.list("all", "all", null, null, null).jobs()).hasSize(3);
			assertThat(endpoint.list("default", "all", null, null, null).jobs()).isEmpty();
		});
	}

	@Test
	void listsTheJobsOfOneTagWithTheirTags() {
		this.runner.run((context) -> {
			JobDispatcher dispatcher = context.getBean(JobDispatcher.class);
			long tenant42 = dispatcher.enqueue(JobRequest.of("ok", null).queue("slow").tags("tenant:42", "import"))
				.id();
			dispatcher.enqueue(JobRequest.of("ok", null).queue("slow").tags("tenant:7"));
			dispatcher.enqueue(JobRequest.of("ok", null).queue("slow"));
			JobsEndpoint endpoint = context.getBean(JobsEndpoint.class);
			JobPageDescriptor page = endpoint.list("all", "all", null, null, "tenant:42");
			assertThat(page.jobs()).extracting(JobDescriptor::id).containsExactly(tenant42);
			assertThat(page.jobs().get(0).tags()).containsExactly("tenant:42", "import");
			assertThat(endpoint.job(tenant42).tags()).containsExactly("tenant:42", "import");
			assertThat(endpoint.list("slow", "available", null, null, "import").jobs()).hasSize(1);
			assertThat(endpoint.list("all", "all", null, null, "tenant:4").jobs()).isEmpty();
		});
	}

	@Test
	void showsWhatAJobLastReportedInItsOwnView() {
		this.runner.run((context) -> {
			long id = context.getBean(JobDispatcher.class).enqueue(JobRequest.of("ok", null).queue("slow")).id();
			JobsEndpoint endpoint = context.getBean(JobsEndpoint.class);
			assertThat(endpoint.job(id).progress()).isNull();
			java.time.Instant at = java.time.Instant.parse("2026-01-01T00:00:00Z");
			context.getBean(dev.jobs.store.JobStore.class)
				.saveProgress(List.of(new dev.jobs.JobProgress(id, 1, 0.5, 5L, 10L, List.of("half way"), at)));
			JobDescriptor.ProgressDescriptor progress = endpoint.job(id).progress();
			assertThat(progress.fraction()).isEqualTo(0.5);
			assertThat(progress.done()).isEqualTo(5L);
			assertThat(progress.total()).isEqualTo(10L);
			assertThat(progress.log()).containsExactly("half way");
			assertThat(endpoint.list("slow", "all", null, null, null).jobs()).extracting(JobDescriptor::progress)
				.containsOnlyNulls();
		});
	}

	@Test
	void rejectsAnUnknownStateAndAnOversizedPage() {
		this.runner.run((context) -> {
			JobsEndpoint endpoint = context.getBean(JobsEndpoint.class);
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.list("all", "done", null, null, null))
				.withMessageContaining("Unknown job state 'done'")
				.withMessageContaining("completed");
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.list("all", "all", null, 501, null))
				.withMessageContaining("limit must be between 1 and 500");
		});
	}

	@Test
	void retriesADiscardedJobAndCancelsAWaitingOne() {
		this.runner.run((context) -> {
			JobDispatcher dispatcher = context.getBean(JobDispatcher.class);
			Job flaky = dispatcher.enqueue(JobRequest.of("flaky", null).maxAttempts(1));
			awaitState(context, flaky, JobState.DISCARDED);
			JobsEndpoint endpoint = context.getBean(JobsEndpoint.class);
			WebEndpointResponse<JobDescriptor> retried = endpoint.changeJob(flaky.id(), "retry");
			assertThat(retried.getStatus()).isEqualTo(200);
			awaitState(context, flaky, JobState.COMPLETED);
			Job waiting = dispatcher.enqueue(JobRequest.of("ok", null).queue("slow"));
			assertThat(endpoint.changeJob(waiting.id(), "cancel").getBody().state()).isEqualTo("cancelled");
			assertThat(endpoint.changeJob(waiting.id() + 1000, "cancel").getStatus()).isEqualTo(404);
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.changeJob(waiting.id(), "delete"))
				.withMessageContaining("use \"retry\", \"cancel\" or \"cancel-workflow\"");
		});
	}

	@Test
	void pausesAndResumesAQueueForTheWholeCluster() {
		this.runner.run((context) -> {
			JobsEndpoint endpoint = context.getBean(JobsEndpoint.class);
			assertThat(endpoint.changeQueue("default", "pause")).isEqualTo(new QueueStateDescriptor("default", true));
			assertThat(context.getBean(JobStore.class).pausedQueues()).contains("default");
			Job held = context.getBean(JobDispatcher.class).enqueue("ok", null);
			assertThat(endpoint.changeQueue("slow", "resume")).isEqualTo(new QueueStateDescriptor("slow", false));
			assertThat(endpoint.changeQueue("default", "resume")).isEqualTo(new QueueStateDescriptor("default", false));
			awaitState(context, held, JobState.COMPLETED);
		});
	}

	@Test
	void deletesOnlyAQueuesAvailableJobs() {
		this.runner.run((context) -> {
			JobDispatcher dispatcher = context.getBean(JobDispatcher.class);
			dispatcher.enqueue(JobRequest.of("ok", null).queue("slow"));
			dispatcher.enqueue(JobRequest.of("ok", null).queue("slow"));
			JobsEndpoint endpoint = context.getBean(JobsEndpoint.class);
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> endpoint.deleteJobs("slow", "completed"))
				.withMessageContaining("Only a queue's available or waiting jobs can be deleted");
			assertThat(endpoint.deleteJobs("slow", "available")).isEqualTo(new DeletedJobsDescriptor("slow", 2));
			assertThat(endpoint.list("slow", "all", null, null, null).jobs()).isEmpty();
		});
	}

	@Test
	void clearsAQueueOfItsAvailableScheduledAndRetryableJobs() {
		// A queue that no node runs and nobody paused, so that the test claims its jobs.
		this.runner.run((context) -> {
			JobDispatcher dispatcher = context.getBean(JobDispatcher.class);
			dispatcher.enqueue(JobRequest.of("ok", null).queue("idle"));
			dispatcher.enqueue(JobRequest.of("ok", null).queue("idle").delay(Duration.ofHours(1)));
			Job retryable = dispatcher.enqueue(JobRequest.of("fail", null).queue("idle"));
			// A live node claims them: the leader rescues the jobs of nodes it never
			// heard of.
			context.getBean(JobStore.class).heartbeat("test-node", java.time.Instant.now());
			context.getBean(JobStore.class)
				.fetch(new dev.jobs.store.FetchParams("idle", 3, "test-node", java.time.Instant.now()));
			Job kept = dispatcher.enqueue(JobRequest.of("ok", null).queue("default").delay(Duration.ofHours(1)));
			JobsEndpoint endpoint = context.getBean(JobsEndpoint.class);
			assertThat(endpoint.jobs("idle").queues().get("idle").counts()).containsEntry("executing", 2L)
				.containsEntry("scheduled", 1L);
			// Two of the three jobs claimed above were available: end one with a retry
			// and leave the other executing, which a clear must not touch.
			Job claimed = context.getBean(JobStore.class).find(retryable.id()).orElseThrow();
			context.getBean(JobStore.class)
				.complete(java.util.List.of(dev.jobs.store.Completion.retry(claimed, java.time.Instant.now(),
						java.time.Instant.now().plusSeconds(3600),
						dev.jobs.JobError.of(1, java.time.Instant.now(), new IllegalStateException("down")))));

			dispatcher.enqueue(JobRequest.of("ok", null).queue("idle"));

			assertThat(endpoint.deleteJobs("idle", "waiting")).isEqualTo(new DeletedJobsDescriptor("idle", 3));

			assertThat(endpoint.list("idle", "all", null, null, null).jobs()).extracting(JobDescriptor::state)
				.containsExactly("executing");
			assertThat(context.getBean(JobStore.class).find(kept.id())).isPresent();
		});
	}

	@Test
	void answersForOneQueueEvenWithoutJobs() {
		this.runner.run((context) -> {
			JobDispatcher dispatcher = context.getBean(JobDispatcher.class);
			dispatcher.enqueue(JobRequest.of("ok", null).queue("slow"));
			dispatcher.enqueue(JobRequest.of("ok", null).queue("slow"));
			JobsEndpoint endpoint = context.getBean(JobsEndpoint.class);

			JobsDescriptor slow = endpoint.jobs("slow");
			assertThat(slow.queues()).containsOnlyKeys("slow");
			assertThat(slow.queues().get("slow").counts()).containsEntry("available", 2L);
			assertThat(slow.queues().get("slow").paused()).isTrue();
			assertThat(endpoint.jobs("default").queues()).containsOnlyKeys("default");
			assertThat(endpoint.jobs("default").queues().get("default").concurrencyOnThisNode()).isEqualTo(2);
			assertThat(endpoint.jobs("nowhere").queues()).containsOnlyKeys("nowhere");
			assertThat(endpoint.jobs("nowhere").queues().get("nowhere").counts())
				.allSatisfy((state, count) -> assertThat(count).isZero());
		});
	}

	static void awaitState(AssertableApplicationContext context, Job job, JobState state) {
		JobStore store = context.getBean(JobStore.class);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(store.find(job.id())).get().extracting(Job::state).isEqualTo(state));
	}

	static class Handlers {

		private final AtomicInteger flakyCalls = new AtomicInteger();

		@JobHandler("ok")
		void ok() {
		}

		@JobHandler("answer")
		java.util.Map<String, Integer> answer() {
			return java.util.Map.of("answer", 42);
		}

		@JobHandler("fail")
		void fail() {
			throw new IllegalStateException("always fails");
		}

		@JobHandler("flaky")
		void flaky() {
			if (this.flakyCalls.incrementAndGet() == 1) {
				throw new IllegalStateException("fails once");
			}
		}

	}

}
