package dev.jobs.spring.actuate;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A page of jobs, newest first.
 *
 * @param jobs the jobs
 * @param nextBefore the {@code before} of the next page; {@code null} on the last page
 */
public record JobPageDescriptor(List<JobDescriptor> jobs, @Nullable Long nextBefore) {

}
