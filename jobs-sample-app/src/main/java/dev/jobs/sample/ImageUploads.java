package dev.jobs.sample;

import java.util.List;

import dev.jobs.JobContext;
import dev.jobs.JobDispatcher;
import dev.jobs.JobRequest;
import dev.jobs.Workflow;
import dev.jobs.WorkflowStatus;
import dev.jobs.spring.handler.JobHandler;

import org.springframework.stereotype.Component;

/**
 * An uploaded image is resized into three sizes in parallel, then a "ready" notification
 * runs once all three are done, with their results. The work is simulated like
 * {@link ImageProcessor}'s.
 */
@Component
public class ImageUploads {

	static final String RESIZE_TO = "resize_to";

	static final String IMAGE_READY = "image_ready";

	private static final List<Integer> WIDTHS = List.of(160, 640, 1280);

	private final JobDispatcher jobs;

	private final SampleProperties properties;

	public ImageUploads(JobDispatcher jobs, SampleProperties properties) {
		this.jobs = jobs;
		this.properties = properties;
	}

	/**
	 * Start the workflow of an uploaded image.
	 * @param imageUrl the image
	 * @return the workflow
	 */
	public WorkflowStatus uploaded(String imageUrl) {
		Workflow.Builder workflow = Workflow.builder();
		for (int width : WIDTHS) {
			workflow.step("resize-" + width, JobRequest.of(RESIZE_TO, new Resize(imageUrl, width)).queue("images"));
		}
		workflow.stepAfterAll("ready", JobRequest.of(IMAGE_READY, imageUrl));
		return this.jobs.enqueue(workflow.build());
	}

	@JobHandler(value = RESIZE_TO, queue = "images", timeout = "20s", maxAttempts = 3)
	public Resized resize(Resize resize) throws InterruptedException {
		long millis = this.properties.imageStepTime().toMillis();
		if (millis > 0) {
			// Stands in for real image work.
			Thread.sleep(millis);
		}
		return new Resized(resize.imageUrl().replaceFirst("(\\.\\w+)?$", "-" + resize.width() + "$1"), resize.width());
	}

	@JobHandler(IMAGE_READY)
	public List<Resized> ready(String imageUrl, JobContext context) {
		List<Resized> sizes = List.copyOf(context.dependencyResults(Resized.class).values());
		context.logger().info("{} is ready in {} sizes: {}", imageUrl, sizes.size(), sizes);
		return sizes;
	}

	/**
	 * Args of a {@code resize_to} job.
	 *
	 * @param imageUrl the image
	 * @param width the width to resize to
	 */
	public record Resize(String imageUrl, int width) {
	}

	/**
	 * Result of a {@code resize_to} job.
	 *
	 * @param url the resized image
	 * @param width its width
	 */
	public record Resized(String url, int width) {
	}

}
