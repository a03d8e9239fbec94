package dev.jobs.spring.test.web;

import dev.jobs.JobDispatcher;
import dev.jobs.JobRequest;
import dev.jobs.spring.test.docs.WelcomeEmail;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class SignupController {

	private final JobDispatcher jobs;

	SignupController(JobDispatcher jobs) {
		this.jobs = jobs;
	}

	@PostMapping("/signups")
	@ResponseStatus(HttpStatus.ACCEPTED)
	void signUp(@RequestBody WelcomeEmail email) {
		this.jobs.enqueue(JobRequest.of("send_email", email).queue("emails"));
	}

}
