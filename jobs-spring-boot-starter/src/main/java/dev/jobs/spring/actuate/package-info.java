/**
 * The {@code jobs} actuator endpoint and health indicator.
 */
@NullMarked
package dev.jobs.spring.actuate;

import org.jspecify.annotations.NullMarked;
