package io.fauxtp.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.spring.autoconfigure.SupervisionConfigurationException.DuplicateNameException;
import io.fauxtp.spring.autoconfigure.SupervisionConfigurationException.InvalidValueException;
import io.fauxtp.spring.autoconfigure.SupervisionConfigurationException.NotAGenServerException;
import io.fauxtp.spring.autoconfigure.SupervisionConfigurationException.SupervisorCycleException;
import io.fauxtp.spring.autoconfigure.SupervisionConfigurationException.UnknownGenServerException;
import io.fauxtp.spring.autoconfigure.SupervisionConfigurationException.UnknownSupervisorException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import java.util.Map;

/** Each kind of bad configuration gets a description saying what is wrong and an action naming the fix. */
class FailureAnalyzersTests {

    private final FailureAnalyzer analyzer = new SupervisionConfigurationFailureAnalyzer();

    private FailureAnalysis analyze(Throwable failure) {
        // Wrapped as Spring wraps it when a bean fails, so the analyzer has to find the cause.
        FailureAnalysis analysis = this.analyzer.analyze(new BeanCreationException("fauxtpLifecycle", "failed", failure));
        assertThat(analysis).isNotNull();
        return analysis;
    }

    @Test
    void unknownGenServerListsTheGenServerBeansThatExist() {
        FailureAnalysis analysis = analyze(new UnknownGenServerException(
                "fauxtp.supervisors.s.children[0].gen-server", "conter", List.of("counter", "logger")));
        assertThat(analysis.getDescription()).contains("fauxtp.supervisors.s.children[0].gen-server", "'conter'");
        assertThat(analysis.getAction()).contains("fauxtp.supervisors.s.children[0].gen-server", "[counter, logger]");
    }

    @Test
    void unknownGenServerWithNoGenServerBeansSaysHowToDeclareOne() {
        FailureAnalysis analysis = analyze(new UnknownGenServerException("p.gen-server", "counter", List.of()));
        assertThat(analysis.getAction()).contains("@io.fauxtp.spring.GenServer(\"counter\")", "p.gen-server");
    }

    @Test
    void notAGenServerNamesTheClassAndTheInterface() {
        FailureAnalysis analysis = analyze(new NotAGenServerException("p.gen-server", "clock", "java.time.Clock"));
        assertThat(analysis.getDescription()).contains("'clock'", "java.time.Clock", "io.fauxtp.genserver.GenServer");
        assertThat(analysis.getAction()).contains("Make java.time.Clock implement io.fauxtp.genserver.GenServer",
                "'p.gen-server'");
    }

    @Test
    void duplicateNameNamesEveryDeclaration() {
        FailureAnalysis analysis = analyze(new DuplicateNameException("registered name", "twin",
                List.of("fauxtp.supervisors.a.children[0].name", "fauxtp.supervisors.b.children[0].name")));
        assertThat(analysis.getDescription()).contains("registered name 'twin'");
        assertThat(analysis.getAction()).contains("fauxtp.supervisors.a.children[0].name",
                "fauxtp.supervisors.b.children[0].name");
    }

    @Test
    void unknownSupervisorListsTheDeclaredOnes() {
        FailureAnalysis analysis = analyze(new UnknownSupervisorException("fauxtp.supervisors.root.children[0].supervisor",
                "countres", List.of("root", "counters")));
        assertThat(analysis.getDescription()).contains("'countres'");
        assertThat(analysis.getAction()).contains("[root, counters]", "fauxtp.supervisors.countres");
    }

    @Test
    void cycleShowsTheCycleAndWhereToBreakIt() {
        FailureAnalysis analysis = analyze(new SupervisorCycleException("fauxtp.supervisors.b.children[0].supervisor",
                List.of("a", "b", "a")));
        assertThat(analysis.getDescription()).contains("a -> b -> a");
        assertThat(analysis.getAction()).contains("fauxtp.supervisors.b.children[0].supervisor");
    }

    @Test
    void invalidValueSaysWhatAValidValueLooksLike() {
        FailureAnalysis analysis = analyze(new InvalidValueException("fauxtp.supervisors.s.max-restarts", "-1",
                "zero or a positive number of restarts"));
        assertThat(analysis.getDescription()).contains("'-1'");
        assertThat(analysis.getAction())
                .isEqualTo("Set 'fauxtp.supervisors.s.max-restarts' to zero or a positive number of restarts.");
    }

    @Test
    void treeStartFailureNamesTheTree() {
        FailureAnalysis analysis = new SupervisionStartFailureAnalyzer().analyze(
                new SupervisionStartException("root", new IllegalStateException("init of counter-a failed",
                        new NumberFormatException("For input string: \"ten\""))));
        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).contains("'root'", "init of counter-a failed", "\"ten\"");
        assertThat(analysis.getAction()).contains("fauxtp.supervisors.root");
    }

    @Test
    void bindFailureOfAnUnknownStrategyListsTheStrategiesAsWrittenInYaml() {
        FailureAnalysis analysis = bindFailure("fauxtp.supervisors.root.strategy", "one-for-many");
        assertThat(analysis.getDescription()).contains("fauxtp.supervisors.root.strategy", "'one-for-many'");
        assertThat(analysis.getAction()).isEqualTo(
                "Set 'fauxtp.supervisors.root.strategy' to one of one-for-one, one-for-all, rest-for-one.");
    }

    @Test
    void bindFailureOfAnUnknownRestartTypeListsTheRestartTypes() {
        FailureAnalysis analysis = bindFailure("fauxtp.supervisors.root.children[0].restart", "sometimes");
        assertThat(analysis.getAction()).contains("permanent, transient, temporary");
    }

    @Test
    void bindFailureOfAMalformedDurationShowsDurationExamples() {
        FailureAnalysis analysis = bindFailure("fauxtp.supervisors.root.within", "five seconds");
        assertThat(analysis.getDescription()).contains("'five seconds'", "a duration");
        assertThat(analysis.getAction()).contains("5s", "500ms");
    }

    @Test
    void bindFailureOfANonNumberShowsANumber() {
        FailureAnalysis analysis = bindFailure("fauxtp.supervisors.root.max-restarts", "many");
        assertThat(analysis.getAction()).contains("a whole number");
    }

    @Test
    void bindFailuresOfOtherPropertiesAreLeftToSpringBoot() {
        BindException failure = captureBindFailure("other.value", "other.value", "x",
                Bindable.of(Integer.class));
        assertThat(new FauxtpBindFailureAnalyzer().analyze(failure)).isNull();
    }

    @Test
    void everyAnalyzerIsRegisteredInSpringFactories() {
        // Some of Boot's analyzers need constructor arguments; skipping them leaves the order of the rest intact.
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
                .load(FailureAnalyzer.class, null, FailureHandler.handleMessage((message, failure) -> { }));
        assertThat(analyzers).hasAtLeastOneElementOfType(SupervisionConfigurationFailureAnalyzer.class)
                .hasAtLeastOneElementOfType(FauxtpBindFailureAnalyzer.class)
                .hasAtLeastOneElementOfType(SupervisionStartFailureAnalyzer.class);
        // Ours comes before Boot's general BindFailureAnalyzer, which would otherwise explain fauxtp.* first.
        assertThat(analyzers.getFirst()).isInstanceOf(FauxtpBindFailureAnalyzer.class);
    }

    private static FailureAnalysis bindFailure(String property, String value) {
        BindException failure = captureBindFailure("fauxtp", property, value, Bindable.of(FauxtpProperties.class));
        FailureAnalysis analysis = new FauxtpBindFailureAnalyzer().analyze(failure);
        assertThat(analysis).isNotNull();
        return analysis;
    }

    private static BindException captureBindFailure(String prefix, String property, String value, Bindable<?> target) {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(property, value)));
        try {
            binder.bind(prefix, target);
        }
        catch (BindException ex) {
            return ex;
        }
        throw new AssertionError("binding " + property + "=" + value + " did not fail");
    }

}
