/**
 * Test support for jobs in Spring Boot: the {@link dev.jobs.spring.test.JobsTest} modes,
 * a {@link dev.jobs.spring.test.JobsTestHelper} that drains and performs jobs, AssertJ
 * assertions on {@link dev.jobs.spring.test.EnqueuedJobs}, and a movable clock.
 */
@NullMarked
package dev.jobs.spring.test;

import org.jspecify.annotations.NullMarked;
