/**
 * Method calls on beans enqueued as jobs, with no handler to declare:
 * {@code methodJobs.later(Mailer.class).send(userId)}.
 */
@NullMarked
package dev.jobs.spring.later;

import org.jspecify.annotations.NullMarked;
