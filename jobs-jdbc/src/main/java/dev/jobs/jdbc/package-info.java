/**
 * The durable job store on PostgreSQL and H2: SQL by concern, migrations, notifications.
 */
@NullMarked
package dev.jobs.jdbc;

import org.jspecify.annotations.NullMarked;
