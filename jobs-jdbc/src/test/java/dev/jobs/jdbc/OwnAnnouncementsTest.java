package dev.jobs.jdbc;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which of the notifications a notifier receives it sent itself, and for whom: one
 * notification takes one noted announcement of its backend and queue; nothing else is
 * taken for one.
 */
class OwnAnnouncementsTest {

	private final AtomicLong nanos = new AtomicLong();

	private final OwnAnnouncements own = new OwnAnnouncements(this.nanos::get);

	@Test
	void eachNotificationTakesOneAnnouncementOfItsBackendAndQueue() {
		this.own.sending(41, "node-1", List.of("emails", "images"));
		this.own.sending(41, "node-2", List.of("emails"));

		assertThat(this.own.sender(42, "emails")).as("another backend").isNull();
		assertThat(this.own.sender(41, "reports")).as("another queue").isNull();
		assertThat(this.own.sender(41, "emails")).isEqualTo("node-1");
		assertThat(this.own.sender(41, "emails")).isEqualTo("node-2");
		assertThat(this.own.sender(41, "emails")).isNull();
		assertThat(this.own.sender(41, "images")).isEqualTo("node-1");
	}

	@Test
	void anAnnouncementNotSentIsForgottenAndSaysWhichNotesANotificationTookMeanwhile() {
		List<OwnAnnouncements.Sent> failed = this.own.sending(41, "node-1", List.of("emails", "images"));
		// A notification the store sent before on that connection.
		assertThat(this.own.sender(41, "images")).isEqualTo("node-1");

		assertThat(this.own.forget(failed)).containsExactly("images");

		assertThat(this.own.sender(41, "emails")).isNull();
	}

	@Test
	void announcementsWhoseNotificationNeverCameExpireOrGoWithANewListen() {
		this.own.sending(41, "node-1", List.of("emails"));
		this.nanos.addAndGet(OwnAnnouncements.EXPIRY.toNanos() + 1);
		this.own.sending(41, "node-2", List.of("images"));
		assertThat(this.own.sender(41, "emails")).as("expired").isNull();
		this.own.sending(41, "node-3", List.of("reports"));
		this.nanos.addAndGet(OwnAnnouncements.EXPIRY.toNanos() + 1);
		assertThat(this.own.sender(41, "reports")).as("expired with no announcement since").isNull();
		this.own.sending(41, "node-2", List.of("images"));

		this.own.clear();

		assertThat(this.own.sender(41, "images")).as("cleared").isNull();
	}

}
