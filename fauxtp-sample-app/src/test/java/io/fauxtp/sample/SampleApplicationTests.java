package io.fauxtp.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.process.Pid;
import io.fauxtp.sample.account.AccountService;
import io.fauxtp.sample.chat.ChatService;
import io.fauxtp.sample.notify.Notifier;
import io.fauxtp.sample.order.Approval;
import io.fauxtp.sample.order.Order;
import io.fauxtp.sample.order.OrderOutcome;
import io.fauxtp.sample.order.OrderService;
import io.fauxtp.sample.order.OrderService.OrderView;
import io.fauxtp.sample.order.PaymentGateway;
import io.fauxtp.spring.workflow.WorkflowDatabase;
import io.fauxtp.test.FauxtpTest;
import io.fauxtp.text.TextDumpException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The whole sample in one context, with test handlers for its effects: {@code @Primary} {@link EffectHandler}
 * beans replace the outbox and the simulated payment gateway, in the chat rooms and in the order workflow alike.
 * {@link FauxtpTest} gives the context its own in-memory workflow store.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@FauxtpTest   // the runs live in a private in-memory store, not in ./data/fauxtp-workflows
class SampleApplicationTests {

    /** The test handlers: they record what the application asked of its effects. */
    @TestConfiguration(proxyBeanMethods = false)
    static class TestHandlers {

        @Bean
        List<String> effectLog() {
            return new CopyOnWriteArrayList<>();
        }

        @Bean
        @Primary
        EffectHandler<Notifier> recordingNotifier(List<String> effectLog) {
            return EffectHandler.of("recording-notifier", Notifier.class, (recipient, text) -> {
                effectLog.add("notify " + recipient + ": " + text);
                return "TEST-N";
            });
        }

        @Bean
        @Primary
        EffectHandler<PaymentGateway> fakePayments(List<String> effectLog) {
            return EffectHandler.of("fake-payments", PaymentGateway.class, new PaymentGateway() {
                @Override
                public String authorize(String customer, long cents) {
                    effectLog.add("authorize " + customer + " " + cents);
                    return "TEST-A";
                }

                @Override
                public String capture(String authorization) {
                    effectLog.add("capture " + authorization);
                    return "TEST-C";
                }

                @Override
                public String release(String authorization) {
                    effectLog.add("release " + authorization);
                    return authorization;
                }
            });
        }
    }

    @Autowired
    AccountService accounts;

    @Autowired
    ChatService chat;

    @Autowired
    OrderService orders;

    @Autowired
    List<String> effectLog;

    @Test
    void anAccountOverItsLimitIsReportedInTheOpsRoomAndTheMentionGoesToTheTestHandler() {
        for (int i = 0; i < 5; i++) {
            assertThat(accounts.use("alice").allowed()).isTrue();   // alice's limit is 5 (application.yml)
        }
        assertThat(accounts.use("alice").allowed()).isFalse();

        assertThat(chat.read("ops").messages()).extracting(m -> m.text())
                .contains("account alice is over its limit of 5, @oncall");
        assertThat(effectLog).contains(
                "notify oncall: rate-limiter mentioned you in #ops: account alice is over its limit of 5, @oncall");
    }

    @Test
    void aCrashedAccountIsRestartedUnderANewPid() {
        accounts.use("bob");
        Pid before = accounts.crash("bob");

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try {
                return !accounts.pid("bob").equals(before);
            } catch (NoSuchElementException restarting) {
                return false;
            }
        });
        assertThat(accounts.usage("bob").used()).isZero();   // a new process: a new window
    }

    @Test
    void anOrderWaitsForItsApprovalAndIsCapturedByTheTestGateway() {
        OrderView waiting = orders.start(new Order("carol", "chair", 4_900));
        assertThat(waiting.status()).isEqualTo("WAITING");
        assertThat(waiting.awaiting()).isEqualTo("signal approval");
        assertThat(orders.suspensionText(waiting.id())).contains("sample.Order('carol', 'chair', 4_900)");

        OrderView done = orders.decide(waiting.id(), new Approval("dave", true));

        assertThat(done.outcome()).isEqualTo(new OrderOutcome("approved", "dave", "TEST-C"));
        assertThat(effectLog).contains("authorize carol 4900", "capture TEST-A",
                "notify carol: your order of chair was approved by dave");
    }

    @Autowired
    WorkflowDatabase workflowDatabase;

    @Test
    void theRunsAreKeptInThisContextsOwnInMemoryStore() {
        assertThat(workflowDatabase.inMemory()).isTrue();
        assertThat(workflowDatabase.description()).contains("jdbc:h2:mem:fauxtp-test-").doesNotContain("data");
    }

    @Test
    void anOrderOverTheLoadersLimitIsRefusedBeforeItsPaymentIsAuthorised() {
        String huge = "x".repeat(16 * 1024 * 1024);   // the loader's limit is 16 MiB of text
        assertThatThrownBy(() -> orders.start(new Order(huge, "chair", 100)))
                .isInstanceOf(TextDumpException.class).hasMessageContaining("LoadLimits.maxInputChars");
        assertThat(effectLog).noneMatch(line -> line.startsWith("authorize " + huge.substring(0, 10)));
        assertThat(orders.list()).allSatisfy(view -> assertThat(view.problem()).isNull());
    }

    @Test
    void oneUnreadableStoredOrderIsListedWithItsProblemAndTheOthersAsUsual() throws Exception {
        OrderView good = orders.start(new Order("erin", "lamp", 1_500));
        try (Connection c = workflowDatabase.dataSource().getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO fauxtp_suspension (id, workflow,"
                        + " version, status, awaiting, body, updated_at) VALUES ('order-bad', 'order', 1,"
                        + " 'WAITING', 'signal approval', 'wf.Suspension(id=', CURRENT_TIMESTAMP)")) {
            insert.executeUpdate();
        }
        try {
            List<OrderView> listed = orders.list();
            assertThat(listed).filteredOn(view -> view.id().equals(good.id())).singleElement()
                    .satisfies(view -> assertThat(view.problem()).isNull());
            assertThat(listed).filteredOn(view -> view.id().equals("order-bad")).singleElement()
                    .satisfies(view -> assertThat(view.problem()).contains("stored suspension order-bad"));
        } finally {
            try (Connection c = workflowDatabase.dataSource().getConnection();
                    PreparedStatement delete = c.prepareStatement("DELETE FROM fauxtp_suspension WHERE id = 'order-bad'")) {
                delete.executeUpdate();
            }
        }
    }
}
