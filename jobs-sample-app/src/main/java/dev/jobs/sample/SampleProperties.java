package dev.jobs.sample;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Knobs of the sample's simulated work ({@code sample.*}).
 *
 * @param imageStepTime how long each image operation takes
 * @param crmRetryDelay the constant backoff of the failing CRM sync
 * @param customerSyncTime how long one customer's CRM sync takes
 */
@ConfigurationProperties("sample")
public record SampleProperties(Duration imageStepTime, Duration crmRetryDelay, Duration customerSyncTime) {

}
