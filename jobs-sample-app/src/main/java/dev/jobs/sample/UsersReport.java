package dev.jobs.sample;

import dev.jobs.JobContext;
import dev.jobs.spring.handler.JobHandler;

import org.springframework.stereotype.Component;

/**
 * A recurring job: every minute, once across the cluster, logs how many users there are.
 */
@Component
public class UsersReport {

	private final UserRepository users;

	public UsersReport(UserRepository users) {
		this.users = users;
	}

	@JobHandler(value = "users_report", cron = "${sample.users-report-cron:0 * * * * *}", cronZone = "UTC")
	public void report(JobContext context) {
		context.logger().info("Users report: {} registered users", this.users.count());
	}

}
