package dev.jobs.sample;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A registered user.
 *
 * @param id the user's id
 * @param email where the welcome email goes
 * @param name the user's name
 * @param registeredAt when the user registered
 * @param welcomedAt when the welcome email was sent, once it was
 */
public record User(long id, String email, String name, Instant registeredAt, @Nullable Instant welcomedAt) {

}
