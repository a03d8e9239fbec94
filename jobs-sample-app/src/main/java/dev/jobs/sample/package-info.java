/**
 * A sample application that uses jobs the way applications will.
 */
@NullMarked
package dev.jobs.sample;

import org.jspecify.annotations.NullMarked;
