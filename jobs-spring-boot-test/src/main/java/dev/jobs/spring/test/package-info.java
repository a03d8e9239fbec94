/**
 * Test support for jobs in Spring Boot: {@link dev.jobs.spring.test.JobsTest} modes,
 * {@link dev.jobs.spring.test.JobsTestHelper} to drain and perform jobs, AssertJ
 * assertions on {@link dev.jobs.spring.test.EnqueuedJobs}, and a movable
 * {@link dev.jobs.spring.test.TestClock}.
 */
@NullMarked
package dev.jobs.spring.test;

import org.jspecify.annotations.NullMarked;
