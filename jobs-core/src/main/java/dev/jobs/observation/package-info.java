/**
 * Micrometer Observation of enqueues and attempts: {@link ObservationJobObserver}, its
 * contexts, conventions and documented names. Micrometer is an optional dependency of
 * this module: nothing here is loaded unless an application creates the observer.
 */
@NullMarked
package dev.jobs.observation;

import org.jspecify.annotations.NullMarked;
