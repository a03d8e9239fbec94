package dev.jobs.spring.test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import dev.jobs.Job;
import org.assertj.core.api.AbstractAssert;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Assertions on the enqueued jobs of one kind. Each {@code with...} or {@code in...}
 * narrows the jobs that match, and fails when none is left, listing the jobs it looked
 * at: {@code hasEnqueued("send_email").inQueue("emails").withArgs(email)} passes when one
 * job of that kind is in that queue with those args.
 */
public final class EnqueuedJobAssert extends AbstractAssert<EnqueuedJobAssert, List<Job>> {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final EnqueuedJobs jobs;

	private final String kind;

	private final List<String> conditions = new ArrayList<>();

	EnqueuedJobAssert(EnqueuedJobs jobs, String kind, List<Job> matching) {
		super(matching, EnqueuedJobAssert.class);
		this.jobs = jobs;
		this.kind = kind;
	}

	private EnqueuedJobAssert narrow(String condition, Predicate<Job> test) {
		List<Job> left = this.actual.stream().filter(test).toList();
		if (left.isEmpty()) {
			failWithMessage("Expected a job of kind '%s'%s %s, but none of these matched: %s", this.kind,
					this.conditions.isEmpty() ? "" : " " + String.join(" ", this.conditions), condition,
					describe(this.actual));
		}
		EnqueuedJobAssert narrowed = new EnqueuedJobAssert(this.jobs, this.kind, left);
		narrowed.conditions.addAll(this.conditions);
		narrowed.conditions.add(condition);
		return narrowed;
	}

	/**
	 * Narrow to the jobs whose args, bound to the expected value's class, equal it.
	 * @param expected the args
	 * @return an assertion on the jobs that match
	 */
	public EnqueuedJobAssert withArgs(Object expected) {
		Objects.requireNonNull(expected, "expected must not be null");
		return narrow("with args " + expected, (job) -> expected.equals(this.jobs.bind(job, expected.getClass())));
	}

	/**
	 * Narrow to the jobs whose args contain a JSON value: every field of
	 * {@code partialJson} must be there with an equal value (nested objects are matched
	 * the same way, arrays as a whole); other fields are ignored.
	 * @param partialJson the JSON the args must contain
	 * @return an assertion on the jobs that match
	 */
	public EnqueuedJobAssert withArgsMatchingJson(String partialJson) {
		JsonNode expected = json.readTree(partialJson);
		return narrow("with args matching " + partialJson, (job) -> contains(json.readTree(job.args()), expected));
	}

	/**
	 * Narrow to the jobs whose args, bound to a type, satisfy a predicate.
	 * @param argsType the type to bind to
	 * @param predicate the test
	 * @param <T> the type
	 * @return an assertion on the jobs that match
	 */
	public <T> EnqueuedJobAssert withArgsSatisfying(Class<T> argsType, Predicate<? super T> predicate) {
		return narrow("with args satisfying the predicate", (job) -> predicate.test(this.jobs.bind(job, argsType)));
	}

	/**
	 * Narrow to the jobs in a queue.
	 * @param queue the queue
	 * @return an assertion on the jobs that match
	 */
	public EnqueuedJobAssert inQueue(String queue) {
		return narrow("in queue '" + queue + "'", (job) -> job.queue().equals(queue));
	}

	/**
	 * Narrow to the jobs with a priority.
	 * @param priority the priority
	 * @return an assertion on the jobs that match
	 */
	public EnqueuedJobAssert withPriority(int priority) {
		return narrow("with priority " + priority, (job) -> job.priority() == priority);
	}

	/**
	 * Narrow to the jobs with a number of attempts allowed.
	 * @param maxAttempts the attempts
	 * @return an assertion on the jobs that match
	 */
	public EnqueuedJobAssert withMaxAttempts(int maxAttempts) {
		return narrow("with max attempts " + maxAttempts, (job) -> job.maxAttempts() == maxAttempts);
	}

	/**
	 * Narrow to the jobs scheduled to run within a tolerance of a time.
	 * @param time the time
	 * @param tolerance how far either side
	 * @return an assertion on the jobs that match
	 */
	public EnqueuedJobAssert scheduledAround(Instant time, Duration tolerance) {
		return narrow("scheduled at " + time + " (+/- " + tolerance + ")",
				(job) -> Duration.between(time, job.scheduledAt()).abs().compareTo(tolerance) <= 0);
	}

	/**
	 * Verify how many jobs match.
	 * @param count the number
	 * @return this assertion
	 */
	public EnqueuedJobAssert times(int count) {
		if (this.actual.size() != count) {
			failWithMessage("Expected %d job(s) of kind '%s'%s, but found %d: %s", count, this.kind,
					this.conditions.isEmpty() ? "" : " " + String.join(" ", this.conditions), this.actual.size(),
					describe(this.actual));
		}
		return this;
	}

	private static boolean contains(JsonNode actual, JsonNode expected) {
		if (expected.isObject()) {
			if (!actual.isObject()) {
				return false;
			}
			for (Map.Entry<String, JsonNode> field : expected.properties()) {
				JsonNode value = actual.get(field.getKey());
				if (value == null || !contains(value, field.getValue())) {
					return false;
				}
			}
			return true;
		}
		if (expected.isNumber() && actual.isNumber()) {
			return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
		}
		return expected.equals(actual);
	}

	static String describe(List<Job> jobs) {
		if (jobs.isEmpty()) {
			return "none";
		}
		StringBuilder text = new StringBuilder();
		for (Job job : jobs) {
			text.append("\n  ")
				.append(job.kind())
				.append(" queue=")
				.append(job.queue())
				.append(" priority=")
				.append(job.priority())
				.append(" scheduledAt=")
				.append(job.scheduledAt())
				.append(" args=")
				.append(job.args());
		}
		return text.toString();
	}

}
