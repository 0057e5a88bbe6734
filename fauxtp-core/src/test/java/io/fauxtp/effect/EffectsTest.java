package io.fauxtp.effect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import io.fauxtp.process.Node;
import io.fauxtp.process.ProcessBody;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EffectsTest {

    interface Clock {
        long millis();
    }

    interface Mailer {
        void send(String to, String body);
    }

    static final class Greeter {
        private final Clock clock = Effects.request(Clock.class, "Greeter.clock");
        private final Mailer mailer = Effects.request(Mailer.class, "Greeter.mailer");

        String greet(String who) {
            mailer.send(who, "hello at " + clock.millis());
            return who;
        }
    }

    @UsesEffects(Mailer.class)
    static final class Announcer {
        private final Clock clock = Effects.request(Clock.class, "Announcer.clock");
    }

    @Test
    void callingAnUnhandledRequestNamesTheEffectTheMethodAndTheHolder() {
        Greeter greeter = new Greeter();
        assertThatThrownBy(() -> greeter.greet("ann"))
                .isInstanceOf(UnhandledEffectException.class)
                .hasMessageContaining(Clock.class.getName() + ".millis()")
                .hasMessageContaining("'Greeter.clock'")
                .satisfies(e -> {
                    UnhandledEffectException u = (UnhandledEffectException) e;
                    assertThat(u.effect()).isEqualTo(Clock.class);
                    assertThat(u.holder()).isEqualTo("Greeter.clock");
                    assertThat(u.method()).isEqualTo("millis");
                });
    }

    @Test
    void aBoundHandlerAnswersOnlyInsideItsScope() {
        List<String> sent = new ArrayList<>();
        Handlers handlers = Handlers.of(
                EffectHandler.of("fixed-clock", Clock.class, () -> 42L),
                EffectHandler.of("list-mailer", Mailer.class, (to, body) -> sent.add(to + ":" + body)));
        Greeter greeter = new Greeter();
        try (EffectScope scope = handlers.bind()) {
            assertThat(scope.handlers()).isEqualTo(handlers);
            greeter.greet("ann");
        }
        assertThat(sent).containsExactly("ann:hello at 42");
        assertThatThrownBy(() -> greeter.greet("bob")).isInstanceOf(UnhandledEffectException.class);
        assertThat(Handlers.current()).isEqualTo(Handlers.empty());
    }

    @Test
    void innerScopesReplaceOuterHandlersOfTheSameEffectAndKeepTheOthers() {
        List<String> sent = new ArrayList<>();
        Handlers outer = Handlers.of(
                EffectHandler.of("clock-1", Clock.class, () -> 1L),
                EffectHandler.of("mailer", Mailer.class, (to, body) -> sent.add(body)));
        Greeter greeter = new Greeter();
        outer.run(() -> {
            Handlers.of(EffectHandler.of("clock-2", Clock.class, () -> 2L)).run(() -> greeter.greet("x"));
            greeter.greet("y");
        });
        assertThat(sent).containsExactly("hello at 2", "hello at 1");
    }

    @Test
    void wrapCarriesHandlersToAnotherThread() throws Exception {
        Handlers handlers = Handlers.of(EffectHandler.of("clock", Clock.class, () -> 7L));
        Clock request = Effects.request(Clock.class, "worker");
        AtomicReference<Long> seen = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(handlers.wrap(() -> seen.set(request.millis())));
        t.join();
        assertThat(seen.get()).isEqualTo(7L);
        CompletableFuture<Throwable> unwrapped = new CompletableFuture<>();
        handlers.run(() -> Thread.ofVirtual().start(() -> {
            try {
                request.millis();
                unwrapped.complete(null);
            } catch (Throwable e) {
                unwrapped.complete(e);
            }
        }));
        assertThat(unwrapped.get()).isInstanceOf(UnhandledEffectException.class);
    }

    @Test
    void aProcessStartedWithWrappedBodyAnswersWithTheParentsHandlers() throws Exception {
        Handlers handlers = Handlers.of(EffectHandler.of("clock", Clock.class, () -> 99L));
        Clock request = Effects.request(Clock.class, "process");
        CompletableFuture<Long> seen = new CompletableFuture<>();
        try (Node node = Node.create()) {
            node.spawn(handlers.wrap((ProcessBody) self -> seen.complete(request.millis())));
            assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(99L);
        }
    }

    @Test
    void toolsListRequestedAndUnhandledEffects() {
        assertThat(Effects.requestedBy(new Greeter())).containsExactly(
                new EffectRequest(Clock.class, "Greeter.clock"), new EffectRequest(Mailer.class, "Greeter.mailer"));
        assertThat(Effects.effectTypes(new Announcer())).containsExactly(Clock.class, Mailer.class);
        Handlers onlyClock = Handlers.of(EffectHandler.of("clock", Clock.class, () -> 0L));
        assertThat(Effects.unhandled(new Announcer(), onlyClock))
                .containsExactly(new EffectRequest(Mailer.class, Announcer.class.getName()));
        onlyClock.run(() -> assertThat(Effects.unhandled(new Greeter()))
                .containsExactly(new EffectRequest(Mailer.class, "Greeter.mailer")));
        assertThat(Effects.unhandled(new Greeter(), onlyClock.with(
                EffectHandler.of("mailer", Mailer.class, (a, b) -> { })))).isEmpty();
    }

    @Test
    void requestsDescribeThemselves() {
        Clock request = Effects.request(Clock.class, "here");
        assertThat(Effects.isRequest(request)).isTrue();
        assertThat(Effects.isRequest((Clock) () -> 1L)).isFalse();
        assertThat(Effects.describe(request)).contains(new EffectRequest(Clock.class, "here"));
        assertThat(request.toString()).isEqualTo("request for Clock held by here");
        assertThat(request).isEqualTo(request).isNotEqualTo(Effects.request(Clock.class, "here"));
    }

    @Test
    void badDeclarationsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> Effects.request(String.class, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.String is not an interface");
        assertThatThrownBy(() -> Handlers.of(
                EffectHandler.of("same", Clock.class, () -> 1L), EffectHandler.of("same", Mailer.class, (a, b) -> { })))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id 'same'");
        assertThatThrownBy(() -> Handlers.of(
                EffectHandler.of("a", Clock.class, () -> 1L), EffectHandler.of("b", Clock.class, () -> 2L)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a' and 'b' both handle");
        assertThatThrownBy(() -> EffectHandler.of(" ", Clock.class, () -> 1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be blank");
        assertThatThrownBy(() -> EffectHandler.of("loop", Clock.class, Effects.request(Clock.class, "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("itself an unhandled request");
    }

    @Test
    void scopesMustBeClosedInnerFirst() {
        EffectScope outer = Handlers.of(EffectHandler.of("c1", Clock.class, () -> 1L)).bind();
        EffectScope inner = Handlers.of(EffectHandler.of("c2", Clock.class, () -> 2L)).bind();
        assertThatThrownBy(outer::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("out of order");
        inner.close();
        outer.close();
        assertThat(Handlers.current()).isEqualTo(Handlers.empty());
    }

    @Test
    void exceptionsFromTheImplementationReachTheCallerUnwrapped() {
        Clock request = Effects.request(Clock.class, "t");
        Handlers broken = Handlers.of(EffectHandler.of("broken", Clock.class, () -> {
            throw new IllegalStateException("clock is down");
        }));
        assertThatThrownBy(() -> broken.run(request::millis))
                .isInstanceOf(IllegalStateException.class).hasMessage("clock is down");
    }
}
