package dev.jobs.sample;

import java.util.List;

import dev.jobs.Job;
import dev.jobs.JobDispatcher;
import dev.jobs.JobRequest;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sample's HTTP API.
 */
@RestController
@RequestMapping("/api")
public class SampleController {

	private final Registration registration;

	private final UserRepository users;

	private final JobDispatcher jobs;

	private final CustomerCrmSync customerSync;

	private final ImageUploads uploads;

	public SampleController(Registration registration, UserRepository users, JobDispatcher jobs,
			CustomerCrmSync customerSync, ImageUploads uploads) {
		this.registration = registration;
		this.users = users;
		this.jobs = jobs;
		this.customerSync = customerSync;
		this.uploads = uploads;
	}

	@PostMapping("/register")
	@ResponseStatus(HttpStatus.CREATED)
	public Registration.Registered register(@RequestBody RegisterRequest request) {
		return this.registration.register(request.email(), request.name());
	}

	@GetMapping("/users")
	public List<User> users() {
		return this.users.findAll();
	}

	@GetMapping("/users/{id}")
	public ResponseEntity<User> user(@PathVariable long id) {
		return ResponseEntity.of(this.users.find(id));
	}

	@PostMapping("/images")
	@ResponseStatus(HttpStatus.ACCEPTED)
	public Enqueued processImage(@RequestBody ResizeImage image) {
		return Enqueued.of(this.jobs.enqueue(ImageProcessor.RESIZE_IMAGE, image));
	}

	/**
	 * An uploaded image: resized into three sizes in parallel, then "ready" once all
	 * three are done. Its state: {@code GET /actuator/jobs/{workflowId}}.
	 * @param upload the image
	 * @return the workflow's id
	 */
	@PostMapping("/images/uploads")
	@ResponseStatus(HttpStatus.ACCEPTED)
	public Uploaded upload(@RequestBody Upload upload) {
		return new Uploaded(this.uploads.uploaded(upload.imageUrl()).id());
	}

	/**
	 * An uploaded image.
	 *
	 * @param imageUrl where it is
	 */
	public record Upload(String imageUrl) {
	}

	/**
	 * The workflow of an uploaded image.
	 *
	 * @param workflowId its id
	 */
	public record Uploaded(long workflowId) {
	}

	@PostMapping("/crm/sync")
	@ResponseStatus(HttpStatus.ACCEPTED)
	public Enqueued syncCrm() {
		return Enqueued.of(this.jobs.enqueue(JobRequest.of(CrmSync.SYNC_CRM, null)));
	}

	@PostMapping("/customers/{id}/crm-sync")
	@ResponseStatus(HttpStatus.ACCEPTED)
	public Enqueued syncCustomer(@PathVariable long id) {
		return Enqueued.of(this.customerSync.requestSync(id));
	}

	@ExceptionHandler(DuplicateKeyException.class)
	ResponseEntity<String> emailTaken() {
		return ResponseEntity.status(HttpStatus.CONFLICT).body("That email is already registered");
	}

	/**
	 * Body of {@code POST /api/register}.
	 *
	 * @param email the user's email
	 * @param name the user's name
	 */
	public record RegisterRequest(String email, String name) {

	}

	/**
	 * An enqueued job.
	 *
	 * @param jobId its id, for {@code GET /actuator/jobs/{id}}
	 * @param kind its kind
	 * @param queue its queue
	 */
	public record Enqueued(long jobId, String kind, String queue) {

		static Enqueued of(Job job) {
			return new Enqueued(job.id(), job.kind(), job.queue());
		}

	}

}
