package dev.jobs.spring.test.docs;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.jobs.JobContext;
import dev.jobs.JobDispatcher;
import dev.jobs.spring.handler.JobHandler;

import org.springframework.stereotype.Component;

@Component
public class Mailer {

	private final List<String> sent = new CopyOnWriteArrayList<>();

	private final JobDispatcher jobs;

	public Mailer(JobDispatcher jobs) {
		this.jobs = jobs;
	}

	@JobHandler(value = "send_email", queue = "emails", maxAttempts = 3)
	public void send(WelcomeEmail email, JobContext context) {
		if (email.to().endsWith("@invalid")) {
			throw new IllegalArgumentException("No mailbox at " + email.to());
		}
		this.sent.add(email.to());
		// Jobs a handler enqueues run in the same drain.
		this.jobs.enqueue("audit", "sent to " + email.to());
	}

	@JobHandler("follow_up")
	public void followUp(WelcomeEmail email) {
		this.sent.add("follow-up " + email.to());
	}

	@JobHandler("audit")
	public void audit(String line) {
	}

	public List<String> sent() {
		return this.sent;
	}

}
