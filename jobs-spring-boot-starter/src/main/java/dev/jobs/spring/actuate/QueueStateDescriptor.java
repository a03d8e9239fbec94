package dev.jobs.spring.actuate;

/**
 * A queue after a pause or resume.
 *
 * @param queue the queue
 * @param paused whether it is paused now
 */
public record QueueStateDescriptor(String queue, boolean paused) {

}
