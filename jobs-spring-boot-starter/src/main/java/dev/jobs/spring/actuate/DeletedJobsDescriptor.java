package dev.jobs.spring.actuate;

/**
 * The outcome of deleting a queue's available jobs.
 *
 * @param queue the queue
 * @param deleted how many jobs were deleted
 */
public record DeletedJobsDescriptor(String queue, int deleted) {

}
