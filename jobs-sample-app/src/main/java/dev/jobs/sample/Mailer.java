package dev.jobs.sample;

import java.time.Clock;

import dev.jobs.JobContext;
import dev.jobs.spring.handler.JobHandler;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sends welcome emails (to the log) and records that the user was welcomed. Jobs run at
 * least once, so it checks first: a second run sends nothing.
 */
@Component
public class Mailer {

	static final String SEND_EMAIL = "send_email";

	private final UserRepository users;

	private final Clock clock = Clock.systemUTC();

	public Mailer(UserRepository users) {
		this.users = users;
	}

	@JobHandler(value = SEND_EMAIL, queue = "emails", maxAttempts = 5, timeout = "30s")
	@Transactional
	public void send(WelcomeEmail email, JobContext context) {
		if (this.users.markWelcomed(email.userId(), this.clock.instant())) {
			context.logger()
				.info("Sent welcome email to {} <{}> (attempt {})", email.name(), email.to(), context.attempt());
		}
		else {
			context.logger().info("User {} was already welcomed; nothing to send", email.userId());
		}
	}

}
