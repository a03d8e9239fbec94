/**
 * {@code @JobHandler} methods on beans, found at start-up and registered as handlers.
 */
@NullMarked
package dev.jobs.spring.handler;

import org.jspecify.annotations.NullMarked;
