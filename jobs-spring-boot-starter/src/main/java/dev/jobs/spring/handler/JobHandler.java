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
	 * within a queue. {@code 0} is the jobs' default priority.
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

}
