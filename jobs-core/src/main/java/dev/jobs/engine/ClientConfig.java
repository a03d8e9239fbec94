package dev.jobs.engine;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import dev.jobs.internal.Require;

/**
 * Settings of the {@link JobClient}.
 *
 * @param defaultQueue the queue of jobs whose request and handler name none
 * @param defaultMaxAttempts the attempts of jobs whose request and handler set none
 * @param maxArgsBytes the largest serialized args accepted, in UTF-8 bytes
 * @param rejectUnknownKinds whether enqueue rejects kinds that the handler registry does
 * not know (when it knows any)
 */
public record ClientConfig(String defaultQueue, int defaultMaxAttempts, int maxArgsBytes, boolean rejectUnknownKinds) {

	public static final String DEFAULT_QUEUE = "default";

	public static final int DEFAULT_MAX_ATTEMPTS = 20;

	public static final int DEFAULT_MAX_ARGS_BYTES = 1024 * 1024;

	public static final ClientConfig DEFAULT = new ClientConfig(DEFAULT_QUEUE, DEFAULT_MAX_ATTEMPTS,
			DEFAULT_MAX_ARGS_BYTES, true);

	public ClientConfig {
		Objects.requireNonNull(defaultQueue, "defaultQueue must not be null");
		Require.name(defaultQueue, "defaultQueue");
		Require.atLeast(defaultMaxAttempts, 1, "defaultMaxAttempts");
		Require.atLeast(maxArgsBytes, 2, "maxArgsBytes");
	}

	static int utf8Length(String json) {
		return json.getBytes(StandardCharsets.UTF_8).length;
	}

}
