package dev.jobs.sample;

import java.util.Set;

import dev.jobs.DiscardJobException;
import dev.jobs.JobContext;
import dev.jobs.spring.handler.JobHandler;

import org.springframework.stereotype.Component;

/**
 * Processes images on the slower {@code images} queue. The work is simulated: each
 * operation takes {@code sample.image-step-time}. Between operations it checks whether
 * the job was cancelled, timed out or the node is stopping.
 */
@Component
public class ImageProcessor {

	static final String RESIZE_IMAGE = "resize_image";

	private static final Set<String> OPERATIONS = Set.of("resize", "crop", "grayscale", "rotate");

	private final SampleProperties properties;

	public ImageProcessor(SampleProperties properties) {
		this.properties = properties;
	}

	@JobHandler(value = RESIZE_IMAGE, queue = "images", timeout = "20s", maxAttempts = 3)
	public void process(ResizeImage image, JobContext context) throws InterruptedException {
		for (ResizeImage.Operation operation : image.operations()) {
			if (!OPERATIONS.contains(operation.op())) {
				// Retrying cannot fix a bad request: give up at once.
				throw new DiscardJobException("Unknown image operation '" + operation.op() + "'; known: " + OPERATIONS);
			}
			if (context.isCancelled()) {
				return;
			}
			simulateWork();
			context.logger().info("Applied {} to {}", operation, image.imageUrl());
		}
		context.logger().info("Processed {} with {} operations", image.imageUrl(), image.operations().size());
	}

	private void simulateWork() throws InterruptedException {
		long millis = this.properties.imageStepTime().toMillis();
		if (millis > 0) {
			// Stands in for real image work; an interrupt (timeout, cancel) ends it.
			Thread.sleep(millis);
		}
	}

}
