package io.fauxtp.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fauxtp.process.Down;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Matcher;
import io.fauxtp.process.NameTakenException;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.process.Registry;
import io.fauxtp.process.RegistryEvent;
import io.fauxtp.process.SpawnOptions;
import io.fauxtp.testkit.Probe;
import io.fauxtp.testkit.TestNode;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RegistryTest {

    @RegisterExtension
    final TestNode fauxtp = new TestNode("registry");
    private final Node node = fauxtp.node();
    private final Registry registry = node.registry();
    private final Probe out = new Probe();
    private final CountDownLatch forever = new CountDownLatch(1);

    @AfterEach
    void close() {
        forever.countDown();
    }

    private Pid idle() {
        return node.spawn(self -> forever.await());
    }

    @Test
    void registerWhereisUnregister() {
        // tag::registry[]
        Pid worker = node.spawn(self -> {
            while (true) {
                System.out.println("worker got " + self.receive());
            }
        });
        node.registry().register("worker", worker);
        node.send("worker", "hello");                        // send by name
        Pid found = node.registry().whereis("worker").orElseThrow();
        node.registry().unregister("worker");
        // end::registry[]
        assertThat(found).isEqualTo(worker);
        assertThat(registry.whereis("worker")).isEmpty();
        assertThat(registry.nameOf(worker)).isEmpty();
        assertThat(registry.unregister("worker")).isFalse();
    }

    @Test
    void namesAreListedAndKnownFromThePid() {
        Pid a = idle();
        Pid b = idle();
        registry.register("a", a);
        registry.register("b", b);
        assertThat(registry.registeredNames()).containsExactlyInAnyOrder("a", "b");
        assertThat(registry.nameOf(b)).contains("b");
        assertThat(node.info(a).orElseThrow().registeredName()).contains("a");
    }

    @Test
    void aTakenNameIsAClearError() {
        Pid a = idle();
        Pid b = idle();
        registry.register("svc", a);
        assertThatThrownBy(() -> registry.register("svc", b))
                .isInstanceOfSatisfying(NameTakenException.class, e -> {
                    assertThat(e.name()).isEqualTo("svc");
                    assertThat(e.holder()).isEqualTo(a);
                })
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'svc' is already registered to " + a);
        assertThat(registry.whereis("svc")).contains(a);
    }

    @Test
    void deadOrAlreadyNamedProcessesAndBlankNamesAreRefused() {
        Pid dead = node.spawn(self -> {});
        await().atMost(Duration.ofSeconds(10)).until(() -> !node.isAlive(dead));
        assertThatThrownBy(() -> registry.register("x", dead)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not alive");
        Pid a = idle();
        registry.register("first", a);
        assertThatThrownBy(() -> registry.register("second", a)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already registered as 'first'");
        assertThatThrownBy(() -> registry.register(" ", idle())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
    }

    @Test
    void aNameIsReleasedBeforeMonitorsAreNotifiedSoItCanBeTakenAgainAtOnce() throws Exception {
        Pid first = node.spawn(SpawnOptions.defaults().withName("service"), self -> self.receive());
        node.spawn(self -> {
            self.monitor(first);
            self.send(first, "stop");
            Down down = self.receive(Matcher.type(Down.class));
            out.put(registry.whereis("service").isEmpty());
            Pid second = self.spawn(SpawnOptions.defaults().withName("service"), p -> p.receive());
            out.put(second);
            out.put(down.reason());
        });
        assertThat(out.next()).isEqualTo(true);
        Pid second = (Pid) out.next();
        assertThat(out.next()).isEqualTo(ExitReason.NORMAL);
        assertThat(registry.whereis("service")).contains(second);
    }

    @Test
    void aNameIsReleasedBeforeLinkedProcessesHearOfTheDeath() throws Exception {
        Pid named = node.spawn(SpawnOptions.defaults().withName("linked"), self -> self.receive());
        node.spawn(self -> {
            self.trapExit(true);
            self.link(named);
            self.exit(named, ExitReason.of("die"));
            self.receive(Matcher.type(io.fauxtp.process.Exit.class));
            out.put(registry.whereis("linked").isEmpty());
        });
        assertThat(out.next()).isEqualTo(true);
    }

    @Test
    void eventsReportRegistrationsAndReleases() throws Exception {
        try (AutoCloseable sub = registry.subscribe(out::add)) {
            Pid a = node.spawn(self -> self.receive());
            registry.register("a", a);
            assertThat(out.next()).isEqualTo(new RegistryEvent.Registered("a", a));
            registry.unregister("a");
            assertThat(out.next()).isEqualTo(new RegistryEvent.Unregistered("a", a, false));
            registry.register("a", a);
            assertThat(out.next()).isEqualTo(new RegistryEvent.Registered("a", a));
            node.send(a, "bye");
            assertThat(out.next()).isEqualTo(new RegistryEvent.Unregistered("a", a, true));
        }
        registry.register("after", idle());
        assertThat(out.poll(50, TimeUnit.MILLISECONDS)).as("unsubscribed").isNull();
    }

    @Test
    void spawningWithATakenNameStartsNothing() {
        registry.register("taken", idle());
        int before = node.processCount();
        assertThatThrownBy(() -> node.spawn(SpawnOptions.defaults().withName("taken"), self -> {}))
                .isInstanceOf(NameTakenException.class);
        assertThat(node.processCount()).isEqualTo(before);
    }

    @Test
    void namesAreSafeUnderConcurrentRegistration() throws Exception {
        int contenders = 50;
        LinkedBlockingQueue<Object> results = new LinkedBlockingQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < contenders; i++) {
            node.spawn(self -> {
                go.await();
                try {
                    registry.register("king", self.self());
                    results.put("won");
                } catch (NameTakenException e) {
                    results.put("lost");
                }
                forever.await();
            });
        }
        go.countDown();
        int won = 0;
        for (int i = 0; i < contenders; i++) {
            if ("won".equals(results.poll(10, TimeUnit.SECONDS))) {
                won++;
            }
        }
        assertThat(won).isEqualTo(1);
        assertThat(registry.whereis("king")).isPresent();
    }
}
