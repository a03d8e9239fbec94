package dev.jobs.spring.handler;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.jobs.ArgsCodec;
import dev.jobs.HandlerDefinition;
import dev.jobs.HandlerRegistry;
import dev.jobs.JobContext;
import dev.jobs.JobWorker;
import dev.jobs.retry.RetryPolicy;
import dev.jobs.spring.autoconfigure.JobsAutoConfiguration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How {@link JobHandler} methods bind their parameters, and how bad signatures fail
 * start-up. The workers are called directly, as the executor would.
 */
class JobHandlerBindingTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, JobsAutoConfiguration.class))
		.withPropertyValues("jobs.worker.enabled=false");

	@Test
	void bindsARecordFromJson() {
		this.runner.withBean(RecordHandler.class).run((context) -> {
			run(context, "record", "{\"to\":\"ada@example.com\",\"count\":2}");
			assertThat(context.getBean(RecordHandler.class).received).containsExactly(new Email("ada@example.com", 2));
		});
	}

	@Test
	void returnsTheMethodsValueAsTheResultAndNothingForVoid() {
		this.runner.withBean(ResultHandlers.class).withBean(RecordHandler.class).run((context) -> {
			assertThat(result(context, "resize", "{\"to\":\"a.png\",\"count\":640}"))
				.isEqualTo(new Email("a.png", 1280));
			assertThat(result(context, "record", "{\"to\":\"ada@example.com\",\"count\":2}")).isNull();
		});
	}

	@Test
	void bindsAPojoFromJson() {
		this.runner.withBean(PojoHandler.class).run((context) -> {
			run(context, "pojo", "{\"name\":\"report\"}");
			assertThat(context.getBean(PojoHandler.class).received).singleElement()
				.extracting(Pojo::getName)
				.isEqualTo("report");
		});
	}

	@Test
	void bindsAGenericListWithItsElementType() {
		this.runner.withBean(ListHandler.class).run((context) -> {
			run(context, "list", "[{\"to\":\"a@example.com\",\"count\":1},{\"to\":\"b@example.com\",\"count\":2}]");
			assertThat(context.getBean(ListHandler.class).received).singleElement()
				.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
				.containsExactly(new Email("a@example.com", 1), new Email("b@example.com", 2));
		});
	}

	@Test
	void bindsAJsonTreeAMapAndAString() {
		this.runner.withBean(LooseHandlers.class).run((context) -> {
			run(context, "tree", "{\"a\":1}");
			run(context, "map", "{\"a\":1}");
			run(context, "string", "\"hello\"");
			List<Object> received = context.getBean(LooseHandlers.class).received;
			assertThat(received).hasSize(3);
			assertThat(received.get(0)).isInstanceOfSatisfying(JsonNode.class,
					(tree) -> assertThat(tree.get("a").asInt()).isEqualTo(1));
			assertThat(received.get(1)).isEqualTo(Map.of("a", 1));
			assertThat(received.get(2)).isEqualTo("hello");
		});
	}

	@Test
	void passesTheContextInEitherPositionAndAllowsNoParameters() {
		this.runner.withBean(ContextHandlers.class).run((context) -> {
			run(context, "context_first", "{\"to\":\"x@example.com\",\"count\":3}");
			run(context, "context_only", "{}");
			run(context, "no_parameters", "{}");
			assertThat(context.getBean(ContextHandlers.class).received).containsExactly("context_first:x@example.com:1",
					"context_only:1", "no_parameters");
		});
	}

	@Test
	void throwsTheHandlersOwnExceptionRatherThanAReflectionWrapper() {
		this.runner.withBean(FailingHandler.class).run((context) -> {
			HandlerDefinition definition = definition(context, "failing");
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> work(context, definition, "{}"))
				.withMessage("mail server down");
		});
	}

	@Test
	void appliesTheAnnotationsOptions() {
		this.runner.withBean(OptionsHandler.class)
			.withBean("quickRetry", RetryPolicy.class, () -> RetryPolicy.constant(Duration.ofSeconds(2)))
			.run((context) -> {
				HandlerDefinition definition = definition(context, "with_options");
				assertThat(definition.queue()).isEqualTo("emails");
				assertThat(definition.priority()).isEqualTo(7);
				assertThat(definition.maxAttempts()).isEqualTo(4);
				assertThat(definition.timeout()).isEqualTo(Duration.ofSeconds(30));
				assertThat(definition.retryPolicy()).isSameAs(context.getBean("quickRetry"));
				assertThat(context.getBean(JobHandlerRegistrar.class).cronEntries()).singleElement()
					.satisfies((entry) -> {
						assertThat(entry.name()).isEqualTo("with_options");
						assertThat(entry.request().kind()).isEqualTo("with_options");
						assertThat(entry.schedule()).hasToString("0 0 3 * * * (Europe/Paris)");
					});
			});
	}

	@Test
	void invokesTheMethodThroughTheProxySoTransactionalHandlersRunInATransaction() {
		this.runner.withUserConfiguration(TransactionConfiguration.class)
			.withBean(TransactionalHandler.class)
			.run((context) -> {
				assertThat(org.springframework.aop.support.AopUtils
					.isAopProxy(context.getBean(TransactionalHandler.class))).isTrue();
				run(context, "transactional", "{}");
				assertThat(context.getBean(TransactionalHandler.class).inTransaction()).containsExactly(true);
			});
	}

	@Test
	void failsStartUpOnAFinalMethodOfAClassProxiedBean() {
		this.runner.withUserConfiguration(TransactionConfiguration.class)
			.withBean(FinalTransactionalHandler.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(rootMessage(context)).contains("FinalTransactionalHandler.handle()")
					.contains("is final on a proxied bean")
					.contains("remove 'final'");
			});
	}

	static class FinalTransactionalHandler {

		@JobHandler("final_transactional")
		@org.springframework.transaction.annotation.Transactional
		public final void handle() {
		}

	}

	@Test
	void invokesAJdkProxyThroughTheInterfaceThatDeclaresTheMethod() {
		this.runner.withUserConfiguration(JdkProxyTransactionConfiguration.class)
			.withBean("interfaceHandler", InterfaceHandler.class, InterfaceHandlerImpl::new)
			.run((context) -> {
				assertThat(
						org.springframework.aop.support.AopUtils.isJdkDynamicProxy(context.getBean("interfaceHandler")))
					.isTrue();
				run(context, "via_interface", "{}");
				assertThat(InterfaceHandlerImpl.inTransaction).containsExactly(true);
			});
	}

	@Test
	void failsStartUpWhenAJdkProxyCannotReachTheMethod() {
		this.runner.withUserConfiguration(JdkProxyTransactionConfiguration.class)
			.withBean("hiddenHandler", Runnable.class, HiddenHandler::new)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(rootMessage(context)).contains("HiddenHandler.handle() of bean 'hiddenHandler'")
					.contains("cannot be invoked on the bean's proxy")
					.contains("declare the method on an interface the bean implements");
			});
	}

	@Test
	void resolvesPlaceholdersInTheAnnotation() {
		this.runner.withPropertyValues("app.jobs.queue=reports", "app.jobs.timeout=2m")
			.withBean(PlaceholderHandler.class)
			.run((context) -> {
				HandlerDefinition definition = definition(context, "placeholders");
				assertThat(definition.queue()).isEqualTo("reports");
				assertThat(definition.timeout()).isEqualTo(Duration.ofMinutes(2));
			});
	}

	@Test
	void failsStartUpOnADuplicateKindNamingBothMethods() {
		this.runner.withBean(RecordHandler.class).withBean(DuplicateHandler.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(rootMessage(context)).contains("Duplicate handlers for job kind 'record'")
				.contains("RecordHandler.handle(Email)")
				.contains("DuplicateHandler.again(Email)")
				.contains("rename one of the kinds");
		});
	}

	@Test
	void failsStartUpOnTwoArgsParameters() {
		assertStartUpFails(TwoArgsHandler.class, "TwoArgsHandler.handle(Email, String) of bean",
				"takes more than one args parameter", "gather the values in a record");
	}

	@Test
	void failsStartUpOnAPrimitiveArgsParameter() {
		assertStartUpFails(PrimitiveHandler.class, "PrimitiveHandler.handle(int)", "takes a primitive int",
				"take a record such as record Args(int value) instead");
	}

	@Test
	void failsStartUpOnAStaticMethod() {
		assertStartUpFails(StaticHandler.class, "StaticHandler.handle(Email)", "is static");
	}

	@Test
	void failsStartUpOnAPrivateMethod() {
		assertStartUpFails(PrivateHandler.class, "PrivateHandler.handle(Email)", "is private", "make it public");
	}

	@Test
	void failsStartUpOnAMalformedTimeout() {
		assertStartUpFails(BadTimeoutHandler.class, "BadTimeoutHandler.handle()", "invalid @JobHandler timeout 'soon'",
				"use a duration such as \"30s\"");
	}

	@Test
	void failsStartUpOnAMalformedCronExpression() {
		assertStartUpFails(BadCronHandler.class, "BadCronHandler.handle()", "invalid @JobHandler cron 'every day'",
				"use five fields");
	}

	@Test
	void failsStartUpOnAnUnknownRetryPolicyBean() {
		assertStartUpFails(UnknownRetryHandler.class, "UnknownRetryHandler.handle()",
				"no RetryPolicy bean of that name", "'nope'");
	}

	@Test
	void failsStartUpOnAnInvalidMaxAttempts() {
		assertStartUpFails(BadAttemptsHandler.class, "BadAttemptsHandler.handle()",
				"invalid @JobHandler maxAttempts '-1'");
	}

	@Test
	void failsStartUpOnAPriorityWithoutANegation() {
		assertStartUpFails(BadPriorityHandler.class, "BadPriorityHandler.handle()",
				"invalid @JobHandler priority '-2147483648'", "must be at least -Integer.MAX_VALUE");
	}

	@Test
	void failsStartUpOnAnUnknownOnDiscardMethod() {
		assertStartUpFails(UnknownDiscardHandler.class, "UnknownDiscardHandler.handle()",
				"names onDiscard method 'nowhere'", "has 0 methods of that name", "taking any of Job, the args");
	}

	@Test
	void failsStartUpOnAnOnDiscardMethodWithAParameterItCannotFill() {
		assertStartUpFails(BadDiscardHandler.class, "BadDiscardHandler.handle(Email)",
				"names onDiscard method 'alert', whose parameter 2 (String) is none of those");
	}

	static class UnknownDiscardHandler {

		@JobHandler(value = "unknown_discard", onDiscard = "nowhere")
		public void handle() {
		}

	}

	static class BadDiscardHandler {

		@JobHandler(value = "bad_discard", onDiscard = "alert")
		public void handle(Email email) {
		}

		public void alert(Email email, String note) {
		}

	}

	private void assertStartUpFails(Class<?> handler, String... messageParts) {
		this.runner.withBean(handler).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(rootMessage(context)).contains(messageParts).contains("of bean '");
		});
	}

	static String rootMessage(AssertableApplicationContext context) {
		Throwable failure = context.getStartupFailure();
		StringBuilder messages = new StringBuilder();
		while (failure != null) {
			messages.append(failure.getMessage()).append('\n');
			failure = failure.getCause();
		}
		return messages.toString();
	}

	private static HandlerDefinition definition(AssertableApplicationContext context, String kind) {
		assertThat(context).hasNotFailed();
		return context.getBean(HandlerRegistry.class).find(kind).orElseThrow();
	}

	private static void run(AssertableApplicationContext context, String kind, String json) throws Exception {
		work(context, definition(context, kind), json);
	}

	@SuppressWarnings("unchecked")
	private static void work(AssertableApplicationContext context, HandlerDefinition definition, String json)
			throws Exception {
		Object args = context.getBean(ArgsCodec.class).bind(json, definition.argsType());
		((JobWorker<Object>) definition.worker()).work(args, TestJobContext.of(definition.kind(), json));
	}

	@SuppressWarnings("unchecked")
	private static Object result(AssertableApplicationContext context, String kind, String json) throws Exception {
		HandlerDefinition definition = definition(context, kind);
		Object args = context.getBean(ArgsCodec.class).bind(json, definition.argsType());
		return ((JobWorker<Object>) definition.worker()).workForResult(args,
				TestJobContext.of(definition.kind(), json));
	}

	record Email(String to, int count) {
	}

	static class ResultHandlers {

		@JobHandler("resize")
		Email resize(Email email) {
			return new Email(email.to(), email.count() * 2);
		}

	}

	static class Pojo {

		private String name;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

	}

	static class RecordHandler {

		final List<Email> received = new CopyOnWriteArrayList<>();

		@JobHandler("record")
		void handle(Email email) {
			this.received.add(email);
		}

	}

	static class DuplicateHandler {

		@JobHandler("record")
		void again(Email email) {
		}

	}

	static class PojoHandler {

		final List<Pojo> received = new CopyOnWriteArrayList<>();

		@JobHandler("pojo")
		public void handle(Pojo pojo) {
			this.received.add(pojo);
		}

	}

	static class ListHandler {

		final List<Object> received = new CopyOnWriteArrayList<>();

		@JobHandler("list")
		void handle(List<Email> emails) {
			this.received.add(emails);
		}

	}

	static class LooseHandlers {

		final List<Object> received = new CopyOnWriteArrayList<>();

		@JobHandler("tree")
		void tree(JsonNode tree) {
			this.received.add(tree);
		}

		@JobHandler("map")
		void map(Map<String, Object> map) {
			this.received.add(map);
		}

		@JobHandler("string")
		void string(String value) {
			this.received.add(value);
		}

	}

	static class ContextHandlers {

		final List<String> received = new CopyOnWriteArrayList<>();

		@JobHandler("context_first")
		void contextFirst(JobContext context, Email email) {
			this.received.add(context.kind() + ":" + email.to() + ":" + context.attempt());
		}

		@JobHandler("context_only")
		void contextOnly(JobContext context) {
			this.received.add(context.kind() + ":" + context.attempt());
		}

		@JobHandler("no_parameters")
		void none() {
			this.received.add("no_parameters");
		}

	}

	static class FailingHandler {

		@JobHandler("failing")
		void handle() {
			throw new IllegalStateException("mail server down");
		}

	}

	static class OptionsHandler {

		@JobHandler(value = "with_options", queue = "emails", priority = 7, maxAttempts = 4, timeout = "30s",
				retry = "quickRetry", cron = "0 0 3 * * *", cronZone = "Europe/Paris")
		void handle() {
		}

	}

	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	@org.springframework.transaction.annotation.EnableTransactionManagement(proxyTargetClass = true)
	static class TransactionConfiguration {

		@org.springframework.context.annotation.Bean
		org.springframework.jdbc.datasource.DataSourceTransactionManager transactionManager() {
			return new org.springframework.jdbc.datasource.DataSourceTransactionManager(
					new org.springframework.jdbc.datasource.SimpleDriverDataSource(new org.h2.Driver(),
							"jdbc:h2:mem:handler-tx;DB_CLOSE_DELAY=-1"));
		}

	}

	static class TransactionalHandler {

		private final List<Boolean> inTransaction = new CopyOnWriteArrayList<>();

		public List<Boolean> inTransaction() {
			return this.inTransaction;
		}

		@JobHandler("transactional")
		@org.springframework.transaction.annotation.Transactional
		public void handle() {
			this.inTransaction.add(org.springframework.transaction.support.TransactionSynchronizationManager
				.isActualTransactionActive());
		}

	}

	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	@org.springframework.transaction.annotation.EnableTransactionManagement(proxyTargetClass = false)
	static class JdkProxyTransactionConfiguration {

		@org.springframework.context.annotation.Bean
		org.springframework.jdbc.datasource.DataSourceTransactionManager transactionManager() {
			return new org.springframework.jdbc.datasource.DataSourceTransactionManager(
					new org.springframework.jdbc.datasource.SimpleDriverDataSource(new org.h2.Driver(),
							"jdbc:h2:mem:handler-jdk-tx;DB_CLOSE_DELAY=-1"));
		}

	}

	interface InterfaceHandler {

		void handle();

	}

	static class InterfaceHandlerImpl implements InterfaceHandler {

		static final List<Boolean> inTransaction = new CopyOnWriteArrayList<>();

		@Override
		@JobHandler("via_interface")
		@org.springframework.transaction.annotation.Transactional
		public void handle() {
			inTransaction.add(org.springframework.transaction.support.TransactionSynchronizationManager
				.isActualTransactionActive());
		}

	}

	static class HiddenHandler implements Runnable {

		@Override
		@org.springframework.transaction.annotation.Transactional
		public void run() {
		}

		@JobHandler("hidden")
		public void handle() {
		}

	}

	static class PlaceholderHandler {

		@JobHandler(value = "placeholders", queue = "${app.jobs.queue}", timeout = "${app.jobs.timeout}")
		void handle() {
		}

	}

	static class TwoArgsHandler {

		@JobHandler("two")
		void handle(Email email, String extra) {
		}

	}

	static class PrimitiveHandler {

		@JobHandler("primitive")
		void handle(int count) {
		}

	}

	static class StaticHandler {

		@JobHandler("static")
		static void handle(Email email) {
		}

	}

	static class PrivateHandler {

		@JobHandler("private")
		private void handle(Email email) {
		}

	}

	static class BadTimeoutHandler {

		@JobHandler(value = "bad_timeout", timeout = "soon")
		void handle() {
		}

	}

	static class BadCronHandler {

		@JobHandler(value = "bad_cron", cron = "every day")
		void handle() {
		}

	}

	static class UnknownRetryHandler {

		@JobHandler(value = "unknown_retry", retry = "nope")
		void handle() {
		}

	}

	static class BadAttemptsHandler {

		@JobHandler(value = "bad_attempts", maxAttempts = -1)
		void handle() {
		}

	}

	static class BadPriorityHandler {

		@JobHandler(value = "bad_priority", priority = Integer.MIN_VALUE)
		void handle() {
		}

	}

}
