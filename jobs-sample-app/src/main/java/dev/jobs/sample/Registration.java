package dev.jobs.sample;

import java.time.Clock;

import dev.jobs.Job;
import dev.jobs.JobDispatcher;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registers users. The welcome email is enqueued in the same transaction as the user: it
 * exists only if the user does.
 */
@Service
public class Registration {

	private final UserRepository users;

	private final JobDispatcher jobs;

	private final Clock clock;

	public Registration(UserRepository users, JobDispatcher jobs) {
		this.users = users;
		this.jobs = jobs;
		this.clock = Clock.systemUTC();
	}

	/**
	 * Insert a user and enqueue its welcome email, in one transaction.
	 * @param email the user's email
	 * @param name the user's name
	 * @return the user and the email job
	 * @throws org.springframework.dao.DuplicateKeyException if the email is taken (and
	 * then no email is enqueued either)
	 */
	@Transactional
	public Registered register(String email, String name) {
		User user = this.users.insert(email, name, this.clock.instant());
		Job welcome = this.jobs.enqueue(Mailer.SEND_EMAIL, new WelcomeEmail(user.id(), email, name));
		return new Registered(user, welcome.id());
	}

	/**
	 * A new user and its welcome email job.
	 *
	 * @param user the user
	 * @param welcomeJobId the id of the {@code send_email} job
	 */
	public record Registered(User user, long welcomeJobId) {

	}

}
