package io.fauxtp.spring.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import io.fauxtp.genserver.CallExitException;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.spring.ServerRef;
import io.fauxtp.spring.observability.app.ObservedApplication;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

/**
 * With {@code show-values=always} the {@code supervision} endpoint shows exit reasons in full, except what the
 * application's {@link SanitizingFunction} beans hide: here, any value that looks like a card number.
 */
@SpringBootTest(classes = { ObservedApplication.class, SanitizingFunctionTests.CardNumbers.class },
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "spring.config.location=classpath:fauxtp-observability.yml",
                "management.endpoints.web.exposure.include=supervision",
                "management.endpoint.supervision.show-values=always" })
@DirtiesContext
class SanitizingFunctionTests {

    @LocalServerPort
    int port;

    @Autowired
    Node node;

    @Autowired
    @Qualifier("inventory")
    ServerRef inventory;

    @TestConfiguration(proxyBeanMethods = false)
    static class CardNumbers {

        @Bean
        SanitizingFunction cardNumbers() {
            return data -> String.valueOf(data.getValue()).matches("(?s).*\\b4111[- ]?\\d{4}.*")
                    ? data.withSanitizedValue() : data;
        }

    }

    @Test
    void sanitizingFunctionsApplyToShownValues() {
        Http http = new Http(this.port);
        crashInventoryWith("not a request");
        assertThat(http.get("/actuator/supervision/shop/inventory").json().at("/lastExitReason").asString())
                .isEqualTo("abnormal: java.lang.IllegalArgumentException: unknown request not a request");
        assertThat(http.get("/actuator/supervision/shop/inventory").json().at("/state/items").isInt()).isTrue();

        crashInventoryWith("card 4111-1111-1111-1111");
        Http.Response tree = http.get("/actuator/supervision");
        assertThat(http.get("/actuator/supervision/shop/inventory").json().at("/lastExitReason").asString())
                .isEqualTo("******");
        assertThat(tree.body()).doesNotContain("4111");
    }

    private void crashInventoryWith(String request) {
        Pid before = this.node.registry().whereis("inventory").orElseThrow();
        assertThatExceptionOfType(CallExitException.class).isThrownBy(() -> this.inventory.call(request, Integer.class));
        await().atMost(Duration.ofSeconds(10)).until(() -> this.node.registry().whereis("inventory")
                .filter(pid -> !pid.equals(before)).isPresent());
    }

}
