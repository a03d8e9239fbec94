/**
 * Auto-configuration of jobs for Spring Boot, set through the {@code jobs.*} properties.
 */
@NullMarked
package dev.jobs.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
