package dev.jobs.spring.handler;

import java.time.Instant;
import java.util.List;

import dev.jobs.Job;
import dev.jobs.JobContext;
import dev.jobs.JobState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A context for calling a handler's worker directly.
 */
record TestJobContext(Job job) implements JobContext {

	static TestJobContext of(String kind, String args) {
		Instant now = Instant.parse("2026-01-01T00:00:00Z");
		return new TestJobContext(new Job(1, "default", kind, args, JobState.EXECUTING, 0, 1, 3, now, now, now,
				"test-node", null, List.of(), null, null, false));
	}

	@Override
	public boolean isCancelled() {
		return false;
	}

	@Override
	public void progress(double fraction) {
	}

	@Override
	public void progress(long done, long total) {
	}

	@Override
	public void log(String line) {
	}

	@Override
	public Logger logger() {
		return LoggerFactory.getLogger(TestJobContext.class);
	}

}
