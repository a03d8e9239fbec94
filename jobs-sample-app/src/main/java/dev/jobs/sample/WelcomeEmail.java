package dev.jobs.sample;

/**
 * Args of a {@code send_email} job.
 *
 * @param userId the new user
 * @param to where it goes
 * @param name whom it greets
 */
public record WelcomeEmail(long userId, String to, String name) {

}
