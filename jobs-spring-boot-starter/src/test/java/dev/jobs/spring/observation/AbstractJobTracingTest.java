package dev.jobs.spring.observation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import dev.jobs.JobContext;
import dev.jobs.JobDispatcher;
import dev.jobs.JobRequest;
import dev.jobs.spring.autoconfigure.JobsAutoConfiguration;
import dev.jobs.spring.autoconfigure.JobsObservationAutoConfiguration;
import dev.jobs.spring.handler.JobHandler;
import dev.jobs.store.JobStore;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.ServerHttpObservationFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * One trace from an HTTP request to the attempts of the job it enqueued: the request's
 * server span, the enqueue's span under it, and each attempt's span under that, read back
 * from the job's stored {@code traceparent}. Each database runs it on a real server.
 */
abstract class AbstractJobTracingTest {

	private final TestTracing tracing = new TestTracing();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceTransactionManagerAutoConfiguration.class,
				TransactionAutoConfiguration.class, JobsObservationAutoConfiguration.class,
				JobsAutoConfiguration.class))
		.withBean("dataSource", DataSource.class, this::dataSource, (definition) -> definition.setDestroyMethodName(""))
		.withBean(ObservationRegistry.class, () -> this.tracing.registry)
		.withBean(Handlers.class, () -> new Handlers(this.tracing))
		.withBean(SignupController.class)
		.withPropertyValues("jobs.queues.default.concurrency=2", "jobs.poll-interval=100ms",
				"jobs.retry.policy=constant", "jobs.retry.delay=10ms", "jobs.stager.interval=50ms");

	protected abstract DataSource dataSource();

	@Test
	void oneTraceRunsFromTheRequestThroughTheEnqueueToTheHandler() {
		this.runner.run((context) -> {
			MockMvc mvc = MockMvcBuilders.standaloneSetup(context.getBean(SignupController.class))
				.addFilters(new ServerHttpObservationFilter(this.tracing.registry))
				.build();
			mvc.perform(post("/signup").param("email", "ada@example.com").param("kind", "welcome"))
				.andExpect(status().isOk());

			Handlers handlers = context.getBean(Handlers.class);
			await().atMost(Duration.ofSeconds(20))
				.until(() -> this.tracing.finished()
					.stream()
					.anyMatch((span) -> span.getName().equals("execute welcome")));
			SpanData request = this.tracing.finished()
				.stream()
				.filter((span) -> span.getKind() == SpanKind.SERVER)
				.findFirst()
				.orElseThrow();
			SpanData enqueue = this.tracing.span("enqueue welcome");
			SpanData execute = this.tracing.span("execute welcome");
			assertThat(enqueue.getTraceId()).isEqualTo(request.getTraceId());
			assertThat(enqueue.getParentSpanId()).isEqualTo(request.getSpanId());
			assertThat(enqueue.getKind()).isEqualTo(SpanKind.PRODUCER);
			assertThat(execute.getTraceId()).isEqualTo(request.getTraceId());
			assertThat(execute.getParentSpanId()).isEqualTo(enqueue.getSpanId());
			assertThat(execute.getKind()).isEqualTo(SpanKind.CONSUMER);
			assertThat(execute.getAttributes().get(AttributeKey.stringKey("kind"))).isEqualTo("welcome");
			assertThat(execute.getAttributes().get(AttributeKey.stringKey("outcome"))).isEqualTo("completed");
			assertThat(execute.getAttributes().get(AttributeKey.stringKey("job.attempt"))).isEqualTo("1");
			assertThat(execute.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
			// The handler ran inside the attempt's span, with the job in the MDC.
			assertThat(handlers.seen).singleElement().satisfies((seen) -> {
				assertThat(seen.get("traceId")).isEqualTo(request.getTraceId());
				assertThat(seen.get("spanId")).isEqualTo(execute.getSpanId());
				assertThat(seen.get("jobs.kind")).isEqualTo("welcome");
				assertThat(seen.get("jobs.id"))
					.isEqualTo(execute.getAttributes().get(AttributeKey.stringKey("job.id")));
			});
			long id = Long.parseLong(execute.getAttributes().get(AttributeKey.stringKey("job.id")));
			assertThat(context.getBean(JobStore.class).find(id).orElseThrow().meta().get("traceparent"))
				.startsWith("00-" + request.getTraceId() + "-" + enqueue.getSpanId() + "-");
		});
	}

	@Test
	void eachFailingAttemptIsASpanOfTheSameTraceCarryingTheError() {
		this.runner.run((context) -> {
			MockMvc mvc = MockMvcBuilders.standaloneSetup(context.getBean(SignupController.class))
				.addFilters(new ServerHttpObservationFilter(this.tracing.registry))
				.build();
			mvc.perform(post("/signup").param("email", "grace@example.com").param("kind", "broken"))
				.andExpect(status().isOk());

			await().atMost(Duration.ofSeconds(20))
				.until(() -> this.tracing.finished()
					.stream()
					.filter((span) -> span.getName().equals("execute broken"))
					.count() == 2);
			SpanData enqueue = this.tracing.span("enqueue broken");
			List<SpanData> attempts = this.tracing.finished()
				.stream()
				.filter((span) -> span.getName().equals("execute broken"))
				.toList();
			assertThat(attempts).extracting((span) -> span.getAttributes().get(AttributeKey.stringKey("job.attempt")))
				.containsExactlyInAnyOrder("1", "2");
			assertThat(attempts).extracting((span) -> span.getAttributes().get(AttributeKey.stringKey("outcome")))
				.containsExactlyInAnyOrder("retried", "discarded");
			assertThat(attempts).allSatisfy((attempt) -> {
				assertThat(attempt.getTraceId()).isEqualTo(enqueue.getTraceId());
				assertThat(attempt.getParentSpanId()).isEqualTo(enqueue.getSpanId());
				assertThat(attempt.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
				assertThat(attempt.getEvents()).anySatisfy((event) -> {
					assertThat(event.getName()).isEqualTo("exception");
					assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.message")))
						.isEqualTo("mail server down");
				});
			});
			assertThat(attempts.get(0).getSpanId()).isNotEqualTo(attempts.get(1).getSpanId());
		});
	}

	@RestController
	static class SignupController {

		private final JobDispatcher jobs;

		SignupController(JobDispatcher jobs) {
			this.jobs = jobs;
		}

		@PostMapping("/signup")
		String signup(@RequestParam String email, @RequestParam String kind) {
			return Long.toString(this.jobs.enqueue(JobRequest.of(kind, new Signup(email)).maxAttempts(2)).id());
		}

	}

	record Signup(String email) {
	}

	static class Handlers {

		final List<Map<String, String>> seen = new CopyOnWriteArrayList<>();

		private final TestTracing tracing;

		Handlers(TestTracing tracing) {
			this.tracing = tracing;
		}

		@JobHandler("welcome")
		void welcome(Signup signup, JobContext context) {
			io.micrometer.tracing.Span span = this.tracing.tracer.currentSpan();
			this.seen.add(Map.of("traceId", span.context().traceId(), "spanId", span.context().spanId(), "jobs.kind",
					MDC.get("jobs.kind"), "jobs.id", MDC.get("jobs.id")));
		}

		@JobHandler("broken")
		void broken(Signup signup) {
			throw new IllegalStateException("mail server down");
		}

	}

}
