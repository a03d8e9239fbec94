package dev.jobs.sample;

import java.util.List;

/**
 * Args of a {@code resize_image} job: an image and the operations to apply, in order.
 *
 * @param imageUrl the image
 * @param operations what to do with it
 */
public record ResizeImage(String imageUrl, List<Operation> operations) {

	/**
	 * One operation.
	 *
	 * @param op one of {@code resize}, {@code crop}, {@code grayscale} or {@code rotate}
	 * @param width the target width, for resize and crop
	 * @param height the target height, for resize and crop
	 * @param degrees the angle, for rotate
	 */
	public record Operation(String op, Integer width, Integer height, Integer degrees) {

	}

}
