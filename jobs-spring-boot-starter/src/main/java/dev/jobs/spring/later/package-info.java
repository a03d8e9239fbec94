/**
 * Method calls on beans enqueued as jobs, with no handler to declare, as in
 * {@code methodJobs.later(Mailer.class).send(userId)} (see {@code MethodJobs}).
 */
@NullMarked
package dev.jobs.spring.later;

import org.jspecify.annotations.NullMarked;
