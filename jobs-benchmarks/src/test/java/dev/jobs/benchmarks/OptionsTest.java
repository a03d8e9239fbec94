package dev.jobs.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.jobs.benchmarks.Options.Scenario;
import dev.jobs.benchmarks.Options.StoreKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OptionsTest {

	@Test
	void runsEverythingButTheSoakEverywhereByDefault() {
		Options options = Options.parse(new String[0], Map.of());
		assertThat(options.scenarios()).containsExactly(Scenario.RAW_SQL, Scenario.ENQUEUE, Scenario.DRAIN,
				Scenario.CLAIM_COST, Scenario.STEADY, Scenario.LATENCY, Scenario.DUE_LATENCY, Scenario.IDLE_CPU);
		assertThat(options.stores()).containsExactly(StoreKind.MEMORY, StoreKind.H2, StoreKind.POSTGRES);
		assertThat(options.mariadbUrl()).isEqualTo(Options.DEFAULT_MARIADB_URL);
		assertThat(options.jobs()).isEqualTo(100_000);
		assertThat(options.duration()).isEqualTo(Duration.ofSeconds(60));
		assertThat(options.jdbcUrl()).isEqualTo(Options.DEFAULT_JDBC_URL);
		assertThat(options.concurrency()).containsExactly(8, 32, 128);
		assertThat(options.engineSynchronousCommit()).isFalse();
	}

	@Test
	void runsOnMariaDbOnlyWhenNamedAtTheUrlOfTheEnvironmentOrTheCommandLine() {
		Map<String, String> env = Map.of(Options.MARIADB_URL_VARIABLE, "jdbc:mariadb://db:3306/x");
		Options options = Options.parse(new String[] { "--store", "mariadb" }, env);
		assertThat(options.stores()).containsExactly(StoreKind.MARIADB);
		assertThat(options.mariadbUrl()).isEqualTo("jdbc:mariadb://db:3306/x");
		assertThat(Options.parse(new String[] { "--mariadb-url", "jdbc:mariadb://other/y" }, env).mariadbUrl())
			.isEqualTo("jdbc:mariadb://other/y");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Options.parse(new String[] { "--mariadb-url", "jdbc:postgresql://db/x" }, env))
			.withMessageContaining("--mariadb-url must be a MariaDB JDBC URL");
	}

	@Test
	void drainsAtTheConcurrenciesGivenInTheirOrder() {
		Options options = Options.parse(
				new String[] { "drain", "--concurrency", "128", "--concurrency", "16", "--engine-synchronous-commit" },
				Map.of());
		assertThat(options.concurrency()).containsExactly(128, 16);
		assertThat(options.engineSynchronousCommit()).isTrue();
		assertThat(Options.parse(options.describe().split(" "), Map.of())).isEqualTo(options);
	}

	@Test
	void runsTheSoakOnlyWhenNamed() {
		assertThat(Options.parse(new String[] { "soak" }, Map.of()).scenarios()).containsExactly(Scenario.SOAK);
		assertThat(Options.parse(new String[] { "cluster" }, Map.of()).scenarios()).containsExactly(Scenario.CLUSTER);
		assertThat(Options.parse(new String[] { "drain-dashboard" }, Map.of()).scenarios())
			.containsExactly(Scenario.DRAIN_DASHBOARD);
	}

	@Test
	void runsTheReferenceFirstWhateverTheOrderGiven() {
		Options options = Options.parse(new String[] { "drain", "raw-sql", "--store", "postgres" }, Map.of());
		assertThat(options.scenarios()).containsExactly(Scenario.RAW_SQL, Scenario.DRAIN);
		assertThat(options.stores()).containsExactly(StoreKind.POSTGRES);
	}

	@Test
	void takesTheUrlFromTheEnvironmentUnlessGiven() {
		Map<String, String> env = Map.of(Options.JDBC_URL_VARIABLE, "jdbc:postgresql://db:5432/x");
		assertThat(Options.parse(new String[0], env).jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/x");
		assertThat(Options.parse(new String[] { "--jdbc-url", "jdbc:postgresql://other/y" }, env).jdbcUrl())
			.isEqualTo("jdbc:postgresql://other/y");
	}

	@Test
	void shortensRunsWhenQuickUnlessSizesAreGiven() {
		Options quick = Options.parse(new String[] { "--quick" }, Map.of());
		assertThat(quick.jobs()).isEqualTo(Options.QUICK_JOBS);
		assertThat(quick.box(Duration.ofSeconds(9))).isEqualTo(Duration.ofSeconds(3));
		Options sized = Options.parse(new String[] { "--quick", "--jobs", "50_000", "--duration", "7" }, Map.of());
		assertThat(sized.jobs()).isEqualTo(50_000);
		assertThat(sized.duration()).isEqualTo(Duration.ofSeconds(7));
	}

	@Test
	void rejectsWhatItDoesNotKnowAndSaysWhatItKnows() {
		assertThatIllegalArgumentException().isThrownBy(() -> Options.parse(new String[] { "drian" }, Map.of()))
			.withMessageContaining("Unknown scenario 'drian'")
			.withMessageContaining("drain");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Options.parse(new String[] { "--store", "mysql" }, Map.of()))
			.withMessageContaining("Unknown store 'mysql'")
			.withMessageContaining("postgres");
		assertThatIllegalArgumentException().isThrownBy(() -> Options.parse(new String[] { "--fast" }, Map.of()))
			.withMessageContaining("Unknown option '--fast'");
	}

	@Test
	void rejectsMissingAndBadValues() {
		assertThatIllegalArgumentException().isThrownBy(() -> Options.parse(new String[] { "--jobs" }, Map.of()))
			.withMessage("--jobs needs a value; see --help");
		assertThatIllegalArgumentException().isThrownBy(() -> Options.parse(new String[] { "--jobs", "0" }, Map.of()))
			.withMessage("--jobs must be a positive whole number, but was '0'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Options.parse(new String[] { "--jdbc-url", "jdbc:h2:mem:x" }, Map.of()))
			.withMessageContaining("must be a PostgreSQL JDBC URL");
	}

	@Test
	void describesTheRunSoThatItCanBeRepeated() {
		Options options = Options.parse(new String[] { "latency", "--store", "memory", "--quick" }, Map.of());
		Options again = Options.parse(options.describe().split(" "), Map.of());
		assertThat(again).isEqualTo(options);
		assertThat(List.of(options.describe().split(" "))).doesNotContain("--jdbc-url");
	}

}
