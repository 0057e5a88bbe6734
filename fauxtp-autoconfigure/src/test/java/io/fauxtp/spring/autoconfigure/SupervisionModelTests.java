package io.fauxtp.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.fauxtp.spring.autoconfigure.SupervisionConfigurationException.DuplicateNameException;
import io.fauxtp.spring.autoconfigure.SupervisionConfigurationException.InvalidValueException;
import io.fauxtp.spring.autoconfigure.SupervisionConfigurationException.SupervisorCycleException;
import io.fauxtp.spring.autoconfigure.SupervisionConfigurationException.UnknownSupervisorException;
import io.fauxtp.spring.autoconfigure.SupervisionModel.GenServerChild;
import io.fauxtp.spring.autoconfigure.SupervisionModel.SupervisorChild;
import io.fauxtp.spring.autoconfigure.SupervisionModel.SupervisorDefinition;
import io.fauxtp.supervisor.Backoff;
import io.fauxtp.supervisor.Restart;
import io.fauxtp.supervisor.Shutdown;
import io.fauxtp.supervisor.Strategy;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

class SupervisionModelTests {

    /** Binds {@code key=value} pairs exactly as Spring binds application.yml, in the given order. */
    static FauxtpProperties bind(String... pairs) {
        Map<String, String> source = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            source.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return new Binder(new MapConfigurationPropertySource(source))
                .bind("fauxtp", FauxtpProperties.class)
                .orElseGet(FauxtpProperties::new);
    }

    @Test
    void buildsTheTwoLevelTreeOfTheIssueWithRootsInDeclarationOrder() {
        SupervisionModel model = SupervisionModel.from(bind(
                "fauxtp.supervisors.counters.strategy=one-for-one",
                "fauxtp.supervisors.counters.max-restarts=3",
                "fauxtp.supervisors.counters.within=5s",
                "fauxtp.supervisors.counters.children[0].name=counter-a",
                "fauxtp.supervisors.counters.children[0].gen-server=counter",
                "fauxtp.supervisors.counters.children[0].restart=transient",
                "fauxtp.supervisors.counters.children[0].shutdown=2s",
                "fauxtp.supervisors.counters.children[0].args.start=10",
                "fauxtp.supervisors.counters.children[1].name=counter-b",
                "fauxtp.supervisors.counters.children[1].gen-server=counter",
                "fauxtp.supervisors.counters.children[1].trap-exit=true",
                "fauxtp.supervisors.counters.children[1].backoff.initial=100ms",
                "fauxtp.supervisors.root.strategy=rest-for-one",
                "fauxtp.supervisors.root.children[0].supervisor=counters",
                "fauxtp.supervisors.other.children[0].gen-server=counter"));

        assertThat(model.supervisors()).extracting(SupervisorDefinition::name)
                .containsExactly("counters", "root", "other");
        assertThat(model.roots()).extracting(SupervisorDefinition::name).containsExactly("root", "other");

        SupervisorDefinition counters = model.supervisor("counters").orElseThrow();
        assertThat(counters.root()).isFalse();
        assertThat(counters.strategy()).isEqualTo(Strategy.ONE_FOR_ONE);
        assertThat(counters.children()).containsExactly(
                new GenServerChild("counter-a", "counter-a", "counter", Map.of("start", "10"), false, Restart.TRANSIENT,
                        Shutdown.timeout(Duration.ofSeconds(2)), null, "fauxtp.supervisors.counters.children[0]"),
                new GenServerChild("counter-b", "counter-b", "counter", Map.of(), true, Restart.PERMANENT,
                        Shutdown.timeout(Duration.ofSeconds(5)), new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), 0.0),
                        "fauxtp.supervisors.counters.children[1]"));

        SupervisorDefinition root = model.supervisor("root").orElseThrow();
        assertThat(root.strategy()).isEqualTo(Strategy.REST_FOR_ONE);
        assertThat(root.children()).containsExactly(new SupervisorChild("counters", "counters", Restart.PERMANENT,
                Shutdown.infinity(), null, "fauxtp.supervisors.root.children[0]"));

        assertThat(model.supervisor("other").orElseThrow().children().getFirst().id()).isEqualTo("counter#1");
        assertThat(model.namedGenServers()).extracting(GenServerChild::name).containsExactly("counter-a", "counter-b");
    }

    @Test
    void keepsTheDeclarationOrderOfSupervisorsWhateverTheirNames() {
        SupervisionModel model = SupervisionModel.from(bind(
                "fauxtp.supervisors.zeta.children[0].gen-server=counter",
                "fauxtp.supervisors.alpha.children[0].gen-server=counter",
                "fauxtp.supervisors.mid.children[0].gen-server=counter"));

        assertThat(model.roots()).extracting(SupervisorDefinition::name).containsExactly("zeta", "alpha", "mid");
    }

    @Test
    void initArgumentsAreStringsWhateverTheirYamlType() {
        FauxtpProperties properties = new FauxtpProperties();
        FauxtpProperties.Child child = new FauxtpProperties.Child();
        child.setGenServer("counter");
        child.getArgs().put("start", 10);
        child.getArgs().put("verbose", true);
        child.getArgs().put("limits", new LinkedHashMap<>(Map.of("max", 99)));
        FauxtpProperties.Supervisor supervisor = new FauxtpProperties.Supervisor();
        supervisor.getChildren().add(child);
        properties.getSupervisors().put("s", supervisor);

        GenServerChild bound = SupervisionModel.from(properties).genServers().getFirst();
        assertThat(bound.args()).containsExactly(Map.entry("start", "10"), Map.entry("verbose", "true"),
                Map.entry("limits", Map.of("max", "99")));
    }

    @Test
    void keepsTheOrderOfAYamlFile() throws IOException {
        List<PropertySource<?>> yaml = new YamlPropertySourceLoader().load("order",
                new ClassPathResource("fauxtp-order.yml"));
        FauxtpProperties properties = new Binder(ConfigurationPropertySources.from(yaml))
                .bind("fauxtp", FauxtpProperties.class).get();

        SupervisionModel model = SupervisionModel.from(properties);

        assertThat(model.supervisors()).extracting(SupervisorDefinition::name)
                .containsExactly("zeta", "alpha", "mike", "bravo", "kilo");
        assertThat(model.roots()).extracting(SupervisorDefinition::name).containsExactly("zeta", "alpha", "mike", "kilo");
    }

    @Test
    void takesMissingValuesFromTheDefaults() {
        SupervisionModel model = SupervisionModel.from(bind(
                "fauxtp.defaults.strategy=one-for-all",
                "fauxtp.defaults.max-restarts=7",
                "fauxtp.defaults.within=1m",
                "fauxtp.defaults.restart=temporary",
                "fauxtp.defaults.shutdown=brutal-kill",
                "fauxtp.supervisors.only.children[0].gen-server=counter"));

        SupervisorDefinition only = model.supervisor("only").orElseThrow();
        assertThat(only.strategy()).isEqualTo(Strategy.ONE_FOR_ALL);
        assertThat(only.maxRestarts()).isEqualTo(7);
        assertThat(only.within()).isEqualTo(Duration.ofMinutes(1));
        assertThat(only.children().getFirst().restart()).isEqualTo(Restart.TEMPORARY);
        assertThat(only.children().getFirst().shutdown()).isEqualTo(Shutdown.brutalKill());
    }

    @Test
    void withoutSupervisorsTheModelIsEmpty() {
        assertThat(SupervisionModel.from(new FauxtpProperties()).supervisors()).isEmpty();
    }

    @Test
    void parsesEveryShutdownForm() {
        assertThat(SupervisionModel.parseShutdown("p", "brutal-kill")).isEqualTo(Shutdown.brutalKill());
        assertThat(SupervisionModel.parseShutdown("p", "brutal_kill")).isEqualTo(Shutdown.brutalKill());
        assertThat(SupervisionModel.parseShutdown("p", "Infinity")).isEqualTo(Shutdown.infinity());
        assertThat(SupervisionModel.parseShutdown("p", "250ms")).isEqualTo(Shutdown.timeout(Duration.ofMillis(250)));
        assertThat(SupervisionModel.parseShutdown("p", "PT2S")).isEqualTo(Shutdown.timeout(Duration.ofSeconds(2)));
    }

    @Test
    void rejectsAMalformedOrNegativeShutdown() {
        assertThatExceptionOfType(InvalidValueException.class)
                .isThrownBy(() -> SupervisionModel.from(bind(
                        "fauxtp.supervisors.s.children[0].gen-server=counter",
                        "fauxtp.supervisors.s.children[0].shutdown=soon")))
                .satisfies(e -> {
                    assertThat(e.property()).isEqualTo("fauxtp.supervisors.s.children[0].shutdown");
                    assertThat(e.value()).isEqualTo("soon");
                    assertThat(e.expected()).contains("brutal-kill", "infinity", "5s");
                });
        assertThatExceptionOfType(InvalidValueException.class)
                .isThrownBy(() -> SupervisionModel.parseShutdown("p", "-1s"));
        assertThatExceptionOfType(InvalidValueException.class)
                .isThrownBy(() -> SupervisionModel.parseShutdown("p", "0s"))
                .satisfies(e -> assertThat(e.expected()).contains("brutal-kill"));
    }

    @Test
    void readsAndChecksARestartBackoff() {
        GenServerChild child = SupervisionModel.from(bind(
                "fauxtp.supervisors.s.children[0].gen-server=counter",
                "fauxtp.supervisors.s.children[0].backoff.initial=50ms",
                "fauxtp.supervisors.s.children[0].backoff.max=2s",
                "fauxtp.supervisors.s.children[0].backoff.jitter=0.25")).genServers().getFirst();
        assertThat(child.backoff()).isEqualTo(new Backoff(Duration.ofMillis(50), Duration.ofSeconds(2), 0.25));

        assertThatExceptionOfType(InvalidValueException.class)
                .isThrownBy(() -> SupervisionModel.from(bind(
                        "fauxtp.supervisors.s.children[0].gen-server=counter",
                        "fauxtp.supervisors.s.children[0].backoff.max=2s")))
                .satisfies(e -> assertThat(e.property()).isEqualTo("fauxtp.supervisors.s.children[0].backoff.initial"));
        assertThatExceptionOfType(InvalidValueException.class)
                .isThrownBy(() -> SupervisionModel.from(bind(
                        "fauxtp.supervisors.s.children[0].gen-server=counter",
                        "fauxtp.supervisors.s.children[0].backoff.initial=5s",
                        "fauxtp.supervisors.s.children[0].backoff.max=1s")))
                .satisfies(e -> assertThat(e.property()).isEqualTo("fauxtp.supervisors.s.children[0].backoff.max"));
        assertThatExceptionOfType(InvalidValueException.class)
                .isThrownBy(() -> SupervisionModel.from(bind(
                        "fauxtp.supervisors.s.children[0].gen-server=counter",
                        "fauxtp.supervisors.s.children[0].backoff.initial=1s",
                        "fauxtp.supervisors.s.children[0].backoff.jitter=1.5")))
                .satisfies(e -> assertThat(e.property()).isEqualTo("fauxtp.supervisors.s.children[0].backoff.jitter"));
    }

    @Test
    void rejectsNegativeMaxRestartsAndAnEmptyWindow() {
        assertThatExceptionOfType(InvalidValueException.class)
                .isThrownBy(() -> SupervisionModel.from(bind("fauxtp.supervisors.s.max-restarts=-1")))
                .satisfies(e -> assertThat(e.property()).isEqualTo("fauxtp.supervisors.s.max-restarts"));
        assertThatExceptionOfType(InvalidValueException.class)
                .isThrownBy(() -> SupervisionModel.from(bind("fauxtp.supervisors.s.within=0s")))
                .satisfies(e -> assertThat(e.property()).isEqualTo("fauxtp.supervisors.s.within"));
        assertThatExceptionOfType(InvalidValueException.class)
                .isThrownBy(() -> SupervisionModel.from(bind("fauxtp.defaults.max-restarts=-2")))
                .satisfies(e -> assertThat(e.property()).isEqualTo("fauxtp.defaults.max-restarts"));
    }

    @Test
    void aChildNeedsExactlyOneOfGenServerAndSupervisor() {
        assertThatExceptionOfType(InvalidValueException.class)
                .isThrownBy(() -> SupervisionModel.from(bind("fauxtp.supervisors.s.children[0].name=lonely")))
                .satisfies(e -> assertThat(e.property()).isEqualTo("fauxtp.supervisors.s.children[0]"));
        assertThatExceptionOfType(InvalidValueException.class)
                .isThrownBy(() -> SupervisionModel.from(bind(
                        "fauxtp.supervisors.s.children[0].gen-server=counter",
                        "fauxtp.supervisors.s.children[0].supervisor=t",
                        "fauxtp.supervisors.t.children[0].gen-server=counter")))
                .satisfies(e -> assertThat(e.value()).isEqualTo("gen-server: counter, supervisor: t"));
    }

    @Test
    void aSupervisorChildTakesNoNameAndNoArgs() {
        assertThatExceptionOfType(InvalidValueException.class)
                .isThrownBy(() -> SupervisionModel.from(bind(
                        "fauxtp.supervisors.root.children[0].supervisor=t",
                        "fauxtp.supervisors.root.children[0].name=other",
                        "fauxtp.supervisors.t.children[0].gen-server=counter")))
                .satisfies(e -> assertThat(e.property()).isEqualTo("fauxtp.supervisors.root.children[0].name"));
        assertThatExceptionOfType(InvalidValueException.class)
                .isThrownBy(() -> SupervisionModel.from(bind(
                        "fauxtp.supervisors.root.children[0].supervisor=t",
                        "fauxtp.supervisors.root.children[0].args.x=1",
                        "fauxtp.supervisors.t.children[0].gen-server=counter")))
                .satisfies(e -> assertThat(e.property()).isEqualTo("fauxtp.supervisors.root.children[0].args"));
    }

    @Test
    void rejectsDuplicateRegisteredNamesAcrossTrees() {
        assertThatExceptionOfType(DuplicateNameException.class)
                .isThrownBy(() -> SupervisionModel.from(bind(
                        "fauxtp.supervisors.a.children[0].name=twin",
                        "fauxtp.supervisors.a.children[0].gen-server=counter",
                        "fauxtp.supervisors.b.children[0].name=twin",
                        "fauxtp.supervisors.b.children[0].gen-server=counter")))
                .satisfies(e -> {
                    assertThat(e.name()).isEqualTo("twin");
                    assertThat(e.properties()).containsExactly("fauxtp.supervisors.a.children[0].name",
                            "fauxtp.supervisors.b.children[0].name");
                });
    }

    @Test
    void aChildNameMustNotBeASupervisorName() {
        assertThatExceptionOfType(DuplicateNameException.class)
                .isThrownBy(() -> SupervisionModel.from(bind(
                        "fauxtp.supervisors.a.children[0].name=a",
                        "fauxtp.supervisors.a.children[0].gen-server=counter")))
                .satisfies(e -> assertThat(e.properties()).containsExactly("fauxtp.supervisors.a",
                        "fauxtp.supervisors.a.children[0].name"));
    }

    @Test
    void rejectsDuplicateChildIdsInOneSupervisor() {
        assertThatExceptionOfType(DuplicateNameException.class)
                .isThrownBy(() -> SupervisionModel.from(bind(
                        "fauxtp.supervisors.a.children[0].id=worker",
                        "fauxtp.supervisors.a.children[0].gen-server=counter",
                        "fauxtp.supervisors.a.children[1].id=worker",
                        "fauxtp.supervisors.a.children[1].gen-server=counter")))
                .satisfies(e -> assertThat(e.getMessage()).startsWith("child id 'worker'"));
    }

    @Test
    void rejectsASupervisorNestedTwice() {
        assertThatExceptionOfType(DuplicateNameException.class)
                .isThrownBy(() -> SupervisionModel.from(bind(
                        "fauxtp.supervisors.shared.children[0].gen-server=counter",
                        "fauxtp.supervisors.a.children[0].supervisor=shared",
                        "fauxtp.supervisors.b.children[0].supervisor=shared")))
                .satisfies(e -> assertThat(e.properties()).containsExactly(
                        "fauxtp.supervisors.a.children[0].supervisor", "fauxtp.supervisors.b.children[0].supervisor"));
    }

    @Test
    void rejectsAnUnknownNestedSupervisor() {
        assertThatExceptionOfType(UnknownSupervisorException.class)
                .isThrownBy(() -> SupervisionModel.from(bind(
                        "fauxtp.supervisors.root.children[0].supervisor=countres",
                        "fauxtp.supervisors.counters.children[0].gen-server=counter")))
                .satisfies(e -> {
                    assertThat(e.supervisor()).isEqualTo("countres");
                    assertThat(e.declared()).containsExactly("root", "counters");
                    assertThat(e.property()).isEqualTo("fauxtp.supervisors.root.children[0].supervisor");
                });
    }

    @Test
    void rejectsACycleOfSupervisors() {
        assertThatExceptionOfType(SupervisorCycleException.class)
                .isThrownBy(() -> SupervisionModel.from(bind(
                        "fauxtp.supervisors.a.children[0].supervisor=b",
                        "fauxtp.supervisors.b.children[0].supervisor=c",
                        "fauxtp.supervisors.c.children[0].supervisor=a")))
                .satisfies(e -> {
                    assertThat(e.cycle()).hasSize(4);
                    assertThat(e.cycle().getFirst()).isEqualTo(e.cycle().getLast());
                    assertThat(e.getMessage()).contains("a -> b -> c -> a");
                });
    }

    @Test
    void rejectsASupervisorThatContainsItself() {
        assertThatExceptionOfType(SupervisorCycleException.class)
                .isThrownBy(() -> SupervisionModel.from(bind("fauxtp.supervisors.self.children[0].supervisor=self")))
                .satisfies(e -> assertThat(e.cycle()).containsExactly("self", "self"));
    }

}
