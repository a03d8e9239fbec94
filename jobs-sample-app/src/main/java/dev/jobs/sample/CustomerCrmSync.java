package dev.jobs.sample;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.jobs.JobContext;
import dev.jobs.JobDispatcher;
import dev.jobs.JobRequest;
import dev.jobs.Job;
import dev.jobs.spring.handler.JobHandler;

import org.springframework.stereotype.Component;

/**
 * Pushes one customer's changes to the CRM. Two syncs of one customer at once would race
 * each other at the CRM, so each job carries the limit key {@code customer:<id>} and
 * {@code jobs.limits.sync_customer.concurrency-per-key=1} (application.yml) runs one per
 * customer at a time across every node, while different customers sync side by side.
 */
@Component
public class CustomerCrmSync {

	static final String SYNC_CUSTOMER = "sync_customer";

	private final JobDispatcher jobs;

	private final SampleProperties properties;

	/** Syncs running now per customer, and the most seen at once: the sample's proof. */
	private final Map<Long, AtomicInteger> running = new ConcurrentHashMap<>();

	private final Map<Long, AtomicInteger> mostAtOnce = new ConcurrentHashMap<>();

	public CustomerCrmSync(JobDispatcher jobs, SampleProperties properties) {
		this.jobs = jobs;
		this.properties = properties;
	}

	/**
	 * Enqueue a sync of one customer.
	 * @param customerId the customer
	 * @return the job
	 */
	public Job requestSync(long customerId) {
		return this.jobs
			.enqueue(JobRequest.of(SYNC_CUSTOMER, new Customer(customerId)).limitKey("customer:" + customerId));
	}

	@JobHandler(SYNC_CUSTOMER)
	public void sync(Customer customer, JobContext context) throws InterruptedException {
		AtomicInteger now = this.running.computeIfAbsent(customer.id(), (id) -> new AtomicInteger());
		int atOnce = now.incrementAndGet();
		this.mostAtOnce.computeIfAbsent(customer.id(), (id) -> new AtomicInteger()).accumulateAndGet(atOnce, Math::max);
		try {
			context.logger().info("Syncing customer {} to the CRM", customer.id());
			// The CRM call.
			Thread.sleep(this.properties.customerSyncTime().toMillis());
		}
		finally {
			now.decrementAndGet();
		}
	}

	/**
	 * The most syncs of a customer that ran at once.
	 * @param customerId the customer
	 * @return the count, 0 if none ran
	 */
	public int mostAtOnce(long customerId) {
		AtomicInteger most = this.mostAtOnce.get(customerId);
		return (most != null) ? most.get() : 0;
	}

	/**
	 * The args of a sync.
	 *
	 * @param id the customer
	 */
	public record Customer(long id) {

	}

}
