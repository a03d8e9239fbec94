package dev.jobs.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A small application that uses jobs the way users will: a welcome email enqueued in the
 * same transaction as the new user, image processing on a slower queue, a cron report and
 * a job that keeps failing until it is discarded.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
