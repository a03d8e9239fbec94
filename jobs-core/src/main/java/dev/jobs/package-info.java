/**
 * What applications use: enqueueing jobs, handling them, and the jobs themselves.
 */
@NullMarked
package dev.jobs;

import org.jspecify.annotations.NullMarked;
