package dev.jobs.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.jobs.HandlerRegistry;
import dev.jobs.engine.Supervisor;
import dev.jobs.observation.ObservationJobObserver;
import dev.jobs.store.InsertParams;
import dev.jobs.store.JobInsert;
import dev.jobs.store.JobStore;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * The cost of tracing every attempt, and of reporting progress from every job: the drain
 * at each concurrency plain, then with observations on (Micrometer Observation traced by
 * the OpenTelemetry SDK, through its batch span processor into an exporter in memory that
 * counts the spans of the enqueuing trace, every job carrying the {@code traceparent} of
 * the request that enqueued it), then with every handler reporting progress and a log
 * line, in turns, in the same run. The figures are the median ratios to the plain drain
 * of the triples.
 */
final class ObservedDrainBenchmark {

	static final String NAME = "drain-observed";

	private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	private final Options options;

	ObservedDrainBenchmark(Options options) {
		this.options = options;
	}

	void run(Target target, Report report) throws Exception {
		int jobs = this.options.jobs();
		int rounds = this.options.quick() ? 1 : DrainBenchmark.ROUNDS;
		for (int concurrency : this.options.concurrency()) {
			for (Variant variant : Variant.values()) {
				drain(target, 5_000, concurrency, variant);
			}
			List<double[]> triples = new ArrayList<>();
			for (int round = 0; round < rounds; round++) {
				double[] triple = new double[Variant.values().length];
				for (Variant variant : Variant.values()) {
					triple[variant.ordinal()] = drain(target, jobs, concurrency, variant);
				}
				triples.add(triple);
			}
			report.add(Result.of(NAME, target.name(), "plain, concurrency " + concurrency, "jobs/s",
					median(triples, Variant.PLAIN)));
			for (Variant variant : List.of(Variant.OBSERVED, Variant.REPORTING)) {
				String ratios = triples.stream()
					.map((triple) -> String.format(Locale.ROOT, "%.2f", triple[variant.ordinal()] / triple[0]))
					.collect(Collectors.joining(", "));
				double ratio = triples.stream()
					.mapToDouble((triple) -> triple[variant.ordinal()] / triple[0])
					.sorted()
					.toArray()[triples.size() / 2];
				report.add(Result
					.of(NAME, target.name(), variant.label + ", concurrency " + concurrency, "jobs/s",
							median(triples, variant))
					.note(String.format(Locale.ROOT, "%.2f of plain (median of %d ratios: %s); %d jobs", ratio, rounds,
							ratios, jobs)));
			}
		}
	}

	private static double median(List<double[]> triples, Variant variant) {
		double[] values = triples.stream().mapToDouble((triple) -> triple[variant.ordinal()]).sorted().toArray();
		return values[values.length / 2];
	}

	enum Variant {

		PLAIN("plain"), OBSERVED("observations on (OpenTelemetry SDK, batch processor, counting exporter)"),
		REPORTING("progress and a log line from every job");

		final String label;

		Variant(String label) {
			this.label = label;
		}

	}

	private static double drain(Target target, int jobs, int concurrency, Variant variant) throws InterruptedException {
		boolean observed = variant == Variant.OBSERVED;
		target.reset();
		fill(target.store(), jobs, observed);
		target.jdbc().ifPresent(JdbcTables::analyze);
		Workload workload = new Workload(false, 0);
		TraceCounter spans = new TraceCounter(TRACEPARENT.substring(3, 35));
		// Batched export, as Spring Boot configures the SDK: a simple processor would
		// export each span on the handler's thread, which no production setup does. The
		// queue is larger than the default 2,048 so that a burst drops no span (the run
		// checks that every attempt left one).
		SdkTracerProvider provider = SdkTracerProvider.builder()
			.addSpanProcessor(BatchSpanProcessor.builder(spans).setMaxQueueSize(1 << 16).build())
			.build();
		HandlerRegistry handlers = (variant != Variant.REPORTING) ? Engine.handlers(workload)
				: new HandlerRegistry().register(Probe.KIND, Probe.class, (probe, context) -> {
					context.progress(1, 1);
					context.log("probe " + context.id() + " done");
					workload.run(probe, context);
				});
		Supervisor supervisor = Engine.supervisor(target, workload, concurrency,
				(builder) -> observed ? builder.observer(new ObservationJobObserver(registry(provider))) : builder,
				handlers);
		supervisor.start();
		int traced;
		try {
			workload.awaitWritten(jobs, Duration.ofSeconds(60).plusMillis(jobs * 5L));
		}
		finally {
			supervisor.stop();
			// Counted before closing: closing the provider empties the exporter.
			provider.forceFlush().join(30, TimeUnit.SECONDS);
			traced = spans.continued();
			provider.close();
		}
		if (observed && traced < jobs) {
			throw new IllegalStateException("Traced " + traced + " attempts of " + jobs
					+ " jobs in the trace of the request that enqueued them");
		}
		return workload.throughput();
	}

	/**
	 * Tracing as Spring Boot wires it: W3C propagation, the sender and receiver handlers,
	 * then the default one.
	 */
	private static ObservationRegistry registry(SdkTracerProvider provider) {
		io.opentelemetry.api.trace.Tracer otelTracer = provider.get("jobs-benchmarks");
		OtelCurrentTraceContext current = new OtelCurrentTraceContext();
		OtelTracer tracer = new OtelTracer(otelTracer, current, (event) -> {
		}, new OtelBaggageManager(current, List.of(), List.of()));
		OtelPropagator propagator = new OtelPropagator(
				ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otelTracer);
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
					new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
					new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
					new DefaultTracingObservationHandler(tracer)));
		return registry;
	}

	/**
	 * The backlog; observed, each job carries the trace context of a request.
	 */
	private static void fill(JobStore store, int count, boolean observed) {
		for (int done = 0; done < count; done += Engine.INSERT_BATCH) {
			Instant now = Instant.now();
			int size = Math.min(Engine.INSERT_BATCH, count - done);
			List<JobInsert> batch = new ArrayList<>(size);
			for (int i = 0; i < size; i++) {
				JobInsert job = JobInsert.of(Probe.QUEUE, Probe.KIND, Probe.UNTIMED_JSON, now);
				batch.add(observed ? job.withMeta(Map.of("traceparent", TRACEPARENT)) : job);
			}
			store.insert(new InsertParams(batch, now));
		}
	}

	/**
	 * An exporter that keeps nothing but counts the spans that continue the enqueuing
	 * request's trace: the SDK's in-memory exporter keeps every span, and holding 200,000
	 * of them made the drain measure the garbage collector.
	 */
	private static final class TraceCounter implements SpanExporter {

		private final String traceId;

		private final AtomicInteger continued = new AtomicInteger();

		TraceCounter(String traceId) {
			this.traceId = traceId;
		}

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			for (SpanData span : spans) {
				if (this.traceId.equals(span.getTraceId()) && span.getName().startsWith("execute")) {
					this.continued.incrementAndGet();
				}
			}
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

		int continued() {
			return this.continued.get();
		}

	}

}
