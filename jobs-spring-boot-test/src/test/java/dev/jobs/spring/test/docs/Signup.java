package dev.jobs.spring.test.docs;

import java.time.Duration;

import dev.jobs.JobDispatcher;
import dev.jobs.JobRequest;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class Signup {

	private final JdbcTemplate jdbc;

	private final JobDispatcher jobs;

	public Signup(JdbcTemplate jdbc, JobDispatcher jobs) {
		this.jdbc = jdbc;
		this.jobs = jobs;
	}

	/** Stores the user and enqueues the welcome email in one transaction. */
	@Transactional
	public void register(String email, String name) {
		this.jdbc.update("insert into users (email, name) values (?, ?)", email, name);
		this.jobs.enqueue(JobRequest.of("send_email", new WelcomeEmail(email, name)).queue("emails").priority(5));
		this.jobs.enqueue(JobRequest.of("follow_up", new WelcomeEmail(email, name)).delay(Duration.ofDays(3)));
	}

}
