/**
 * A web dashboard for jobs: a JSON API over the {@link dev.jobs.store.JobStore} and a
 * small static page, auto-configured in a servlet web application.
 */
@NullMarked
package dev.jobs.dashboard;

import org.jspecify.annotations.NullMarked;
