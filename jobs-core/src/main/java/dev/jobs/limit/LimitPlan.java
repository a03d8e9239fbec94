package dev.jobs.limit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * One claim's view of the limits: what runs and what started recently, as the store read
 * it under its claim lock, and which candidates fit. A store loads the usage, asks
 * {@link #tryTake} for each candidate in claim order, and logs the {@link #starts()} of
 * rate-limited kinds with the claim. Kinds and keys found full are reported, so that the
 * store can skip their jobs in its query instead of stopping at them. Not thread-safe:
 * one claim uses it.
 */
public final class LimitPlan {

	private final JobLimits limits;

	private final Instant now;

	private final Map<String, Usage> kinds = new HashMap<>();

	private final Map<KindKey, Usage> keys = new HashMap<>();

	private final Map<String, Set<String>> fullKeys = new LinkedHashMap<>();

	private final Set<String> fullKinds = new LinkedHashSet<>();

	private final List<KindKey> starts = new ArrayList<>();

	private @Nullable Instant retryAt;

	/**
	 * A plan with no usage loaded yet.
	 * @param limits the limits
	 * @param now the claim time: rate windows end at it
	 */
	public LimitPlan(JobLimits limits, Instant now) {
		this.limits = limits;
		this.now = now;
	}

	/**
	 * Count jobs executing now.
	 * @param kind their kind
	 * @param key their limit key, or {@code null}
	 * @param count how many
	 */
	public void executing(String kind, @Nullable String key, int count) {
		kind(kind).executing += count;
		if (key != null) {
			key(kind, key).executing += count;
		}
	}

	/**
	 * Count starts of a kind within its rate window.
	 * @param kind the kind
	 * @param count how many started in the window
	 * @param oldest the oldest of them
	 */
	public void startedOfKind(String kind, int count, Instant oldest) {
		kind(kind).started(count, oldest);
	}

	/**
	 * Count starts of one key within its kind's per-key rate window.
	 * @param kind the kind
	 * @param key the key
	 * @param count how many started in the window
	 * @param oldest the oldest of them
	 */
	public void startedOfKey(String kind, String key, int count, Instant oldest) {
		key(kind, key).started(count, oldest);
	}

	/**
	 * Whether a candidate fits; if it does, it is counted as claimed.
	 * @param kind its kind
	 * @param key its limit key, or {@code null}
	 * @return whether to claim it
	 */
	public boolean tryTake(String kind, @Nullable String key) {
		JobLimit limit = this.limits.find(kind);
		if (limit == null) {
			return true;
		}
		Usage ofKind = kind(kind);
		if (isFull(limit.concurrency(), limit.rate(), ofKind)) {
			return false;
		}
		Usage ofKey = (key != null) ? key(kind, key) : null;
		if (ofKey != null && isFull(limit.concurrencyPerKey(), limit.ratePerKey(), ofKey)) {
			return false;
		}
		ofKind.take(this.now);
		isFull(limit.concurrency(), limit.rate(), ofKind);
		if (ofKey != null) {
			ofKey.take(this.now);
			isFull(limit.concurrencyPerKey(), limit.ratePerKey(), ofKey);
		}
		if (limit.hasRate()) {
			this.starts.add(new KindKey(kind, key));
		}
		return true;
	}

	/**
	 * How many more jobs of a kind its kind-wide limits let start in this claim (its
	 * keys' limits may let fewer).
	 * @param kind the kind
	 * @return the room left, {@link Integer#MAX_VALUE} when no kind-wide limit bounds it
	 */
	public int room(String kind) {
		JobLimit limit = this.limits.find(kind);
		if (limit == null) {
			return Integer.MAX_VALUE;
		}
		Usage usage = this.kinds.get(kind);
		int executing = (usage != null) ? usage.executing : 0;
		int started = (usage != null) ? usage.started : 0;
		Integer concurrency = limit.concurrency();
		RateLimit rate = limit.rate();
		int room = Integer.MAX_VALUE;
		if (concurrency != null) {
			room = Math.max(0, concurrency - executing);
		}
		if (rate != null) {
			room = Math.min(room, Math.max(0, rate.count() - started));
		}
		return room;
	}

	/**
	 * Look at every loaded usage once, so that the first query already skips what is full
	 * and {@link #retryAt()} knows every window that holds jobs back.
	 */
	public void checkLoaded() {
		this.kinds.forEach((kind, usage) -> {
			JobLimit limit = this.limits.find(kind);
			if (limit != null) {
				isFull(limit.concurrency(), limit.rate(), usage);
			}
		});
		this.keys.forEach((key, usage) -> {
			JobLimit limit = this.limits.find(key.kind());
			if (limit != null) {
				isFull(limit.concurrencyPerKey(), limit.ratePerKey(), usage);
			}
		});
	}

	/**
	 * The kinds with no room left: their jobs can be skipped.
	 * @return the kinds
	 */
	public Set<String> fullKinds() {
		return this.fullKinds;
	}

	/**
	 * The keys with no room left, by kind: their jobs can be skipped.
	 * @return the keys of each kind
	 */
	public Map<String, Set<String>> fullKeys() {
		return this.fullKeys;
	}

	/**
	 * Whether a kind or key was found full: jobs may wait on it.
	 * @return whether a limit holds
	 */
	public boolean isHolding() {
		return !this.fullKinds.isEmpty() || !this.fullKeys.isEmpty();
	}

	/**
	 * The jobs this plan took of kinds with a rate, for the store to log as starts.
	 * @return kind and key of each start at the claim time
	 */
	public List<KindKey> starts() {
		return this.starts;
	}

	/**
	 * When the earliest full rate window seen opens again: the producer claims again
	 * then.
	 * @return the time, or {@code null} when no rate holds jobs back
	 */
	public @Nullable Instant retryAt() {
		return this.retryAt;
	}

	private boolean isFull(@Nullable Integer concurrency, @Nullable RateLimit rate, Usage usage) {
		boolean full = false;
		if (concurrency != null && usage.executing >= concurrency) {
			full = true;
		}
		if (rate != null && usage.started >= rate.count()) {
			Instant opens = (usage.oldest != null) ? usage.oldest.plus(rate.period()) : this.now;
			if (this.retryAt == null || opens.isBefore(this.retryAt)) {
				this.retryAt = opens;
			}
			full = true;
		}
		if (full) {
			if (usage.key == null) {
				this.fullKinds.add(usage.kind);
			}
			else {
				this.fullKeys.computeIfAbsent(usage.kind, (kind) -> new LinkedHashSet<>()).add(usage.key);
			}
		}
		return full;
	}

	private Usage kind(String kind) {
		return this.kinds.computeIfAbsent(kind, (name) -> new Usage(name, null));
	}

	private Usage key(String kind, String key) {
		return this.keys.computeIfAbsent(new KindKey(kind, key), (both) -> new Usage(kind, key));
	}

	/**
	 * A kind and a limit key.
	 *
	 * @param kind the kind
	 * @param key the key, or {@code null} for none
	 */
	public record KindKey(String kind, @Nullable String key) {
	}

	private static final class Usage {

		final String kind;

		final @Nullable String key;

		int executing;

		int started;

		@Nullable Instant oldest;

		Usage(String kind, @Nullable String key) {
			this.kind = kind;
			this.key = key;
		}

		void started(int count, Instant oldest) {
			this.started += count;
			if (this.oldest == null || oldest.isBefore(this.oldest)) {
				this.oldest = oldest;
			}
		}

		void take(Instant now) {
			this.executing++;
			started(1, now);
		}

	}

}
