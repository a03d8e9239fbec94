package dev.jobs.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.jobs.spring.autoconfigure.JobsAutoConfiguration;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.PropertyMapping;

/**
 * Sets how jobs behave in a Spring test, next to {@code @SpringBootTest} or a test slice:
 * {@link JobsTestMode#MANUAL} unless told otherwise. It imports the jobs
 * auto-configuration and its test support, so that slices which leave it out get a
 * {@code JobDispatcher} and a {@link JobsTestHelper} too.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration({ JobsAutoConfiguration.class, JobsTestAutoConfiguration.class })
@PropertyMapping("jobs.test")
public @interface JobsTest {

	/**
	 * How the engine behaves: the {@code jobs.test.mode} property.
	 * @return the mode
	 */
	JobsTestMode mode() default JobsTestMode.MANUAL;

}
