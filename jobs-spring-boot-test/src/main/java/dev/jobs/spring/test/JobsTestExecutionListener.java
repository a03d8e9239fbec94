package dev.jobs.spring.test;

import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Gives each test method a clean slate: forgets the jobs the previous one enqueued and
 * puts the test clock back. Registered through {@code META-INF/spring.factories}.
 */
public final class JobsTestExecutionListener extends AbstractTestExecutionListener {

	/** Before the transactional test listener, which may begin the test's transaction. */
	public static final int ORDER = 3900;

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void beforeTestMethod(TestContext testContext) {
		if (testContext.hasApplicationContext()) {
			testContext.getApplicationContext()
				.getBeanProvider(JobsTestHelper.class)
				.ifAvailable(JobsTestHelper::reset);
		}
	}

}
