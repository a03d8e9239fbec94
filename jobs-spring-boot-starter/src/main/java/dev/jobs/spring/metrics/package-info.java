/**
 * Micrometer meters of jobs, named in {@link dev.jobs.spring.metrics.JobsMetricNames}.
 */
@NullMarked
package dev.jobs.spring.metrics;

import org.jspecify.annotations.NullMarked;
