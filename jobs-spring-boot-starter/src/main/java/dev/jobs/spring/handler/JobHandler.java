package dev.jobs.spring.handler;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as the handler of a kind of job.
 *
 * <pre class="code">
 * &#64;JobHandler(value = "send_email", queue = "emails", maxAttempts = 5, timeout = "30s")
 * void send(WelcomeEmail email, JobContext context) { ... }
 * </pre>
 *
 * The method takes at most one args parameter, bound from the job's JSON args with the
 * application's Jackson mapper (a record, a POJO, a generic collection such as
 * {@code List<Item>}, a {@code Map}, a {@code JsonNode} or a {@code String}), and
 * optionally a {@link dev.jobs.JobContext}, in either order. It may take no parameters.
 * It must not be static or private. Its return value is ignored. It is invoked through
 * the bean's proxy, so {@code @Transactional} and other advice apply. Returning completes
 * the job; throwing fails the attempt (retried with backoff); throw
 * {@link dev.jobs.DiscardJobException} to give up or {@link dev.jobs.SnoozeJobException}
 * to run later.
 * <p>
 * Cluster-wide limits can be declared here too (see {@code docs/limits.md}):
 *
 * <pre class="code">
 * &#64;JobHandler(value = "crm_sync", concurrency = 10, concurrencyPerKey = 1)
 * void sync(CustomerChanged change) { ... }
 *
 * &#64;JobHandler(value = "call_partner_api", rate = "100/1m", ratePerKey = "5/s")
 * void call(PartnerCall call) { ... }
 * </pre>
 *
 * A {@code jobs.limits.<kind>.*} property overrides the attribute of the same name, so
 * operations can change a limit without a new build; the attributes it does not set stay
 * as declared. A bad value fails start-up naming the method and the attribute.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface JobHandler {

	/**
	 * The kind the method runs, such as {@code send_email}; unique in the application.
	 * @return the kind
	 */
	String value();

	/**
	 * The queue jobs of this kind go to unless the request names one. Empty for the
	 * default queue ({@code jobs.default-queue}).
	 * @return the queue
	 */
	String queue() default "";

	/**
	 * The priority jobs of this kind take unless the request sets one; higher runs first
	 * within a queue. {@code 0} is the jobs' default priority; any {@code int} but
	 * {@link Integer#MIN_VALUE} (refused at start-up).
	 * @return the priority
	 */
	int priority() default 0;

	/**
	 * Attempts that jobs of this kind get unless the request says. {@code 0} for the
	 * default ({@code jobs.max-attempts}).
	 * @return the attempts
	 */
	int maxAttempts() default 0;

	/**
	 * How long one attempt may run, such as {@code "30s"}, {@code "5m"} or
	 * {@code "PT1H"}. Empty for {@code jobs.timeout}.
	 * @return the timeout
	 */
	String timeout() default "";

	/**
	 * The name of a {@link dev.jobs.retry.RetryPolicy} bean that sets the backoff between
	 * attempts of this kind. Empty for the {@code jobs.retry.*} policy.
	 * @return the bean name
	 */
	String retry() default "";

	/**
	 * Run this kind on a schedule: a cron expression of five fields (Unix, minutes first,
	 * such as {@code "30 3 * * *"}), six fields (Spring, seconds first) or a macro such
	 * as {@code "@hourly"}. Each tick enqueues one job, with empty args, once across the
	 * cluster. Empty for none.
	 * @return the expression
	 */
	String cron() default "";

	/**
	 * The time zone {@link #cron()} is read in, such as {@code "Europe/Paris"}. Empty for
	 * the system's time zone.
	 * @return the zone id
	 */
	String cronZone() default "";

	/**
	 * The name of a method of the same bean to call once a job of this kind is discarded
	 * (attempts used up, or discarded by the handler): public, taking any of
	 * {@link dev.jobs.Job}, the handler's args type and {@link dev.jobs.JobError}, in any
	 * order. Called once, on the node that discarded the job; an exception it throws is
	 * logged and the job stays discarded. Empty for none.
	 * @return the method's name
	 */
	String onDiscard() default "";

	/**
	 * Most jobs of this kind executing at once across the cluster. {@code 0} for no
	 * limit. Overridden by {@code jobs.limits.<kind>.concurrency}.
	 * @return the limit
	 */
	int concurrency() default 0;

	/**
	 * Most jobs of this kind with one limit key ({@link dev.jobs.JobRequest#limitKey})
	 * executing at once across the cluster; {@code 1} runs each key's jobs one at a time
	 * (a mutex per key). {@code 0} for no limit. Overridden by
	 * {@code jobs.limits.<kind>.concurrency-per-key}.
	 * @return the limit
	 */
	int concurrencyPerKey() default 0;

	/**
	 * Most jobs of this kind started per period across the cluster, on a sliding window:
	 * a count, a slash and a period, such as {@code "100/1m"}, {@code "5/s"} or
	 * {@code "1000/500ms"}. Empty for no limit. Overridden by
	 * {@code jobs.limits.<kind>.rate}.
	 * @return the rate
	 */
	String rate() default "";

	/**
	 * Most jobs of this kind with one limit key started per period across the cluster,
	 * written as for {@link #rate()}. Empty for no limit. Overridden by
	 * {@code jobs.limits.<kind>.rate-per-key}.
	 * @return the rate
	 */
	String ratePerKey() default "";

}
