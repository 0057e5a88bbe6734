package io.fauxtp.spring.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.spring.observability.app.ObservedApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.util.ClassUtils;

/**
 * The endpoints behind Spring Security (on the class path of this test only; see the surefire executions): the
 * access an application grants ({@code management.endpoint.<id>.access}) decides which operations exist, and
 * Spring Security who may call them. Here {@code supervision} is {@code unrestricted} and shows values to
 * {@code ADMIN}s ({@code when-authorized}), and {@code workflows} keeps its read-only default.
 */
@SpringBootTest(classes = { ObservedApplication.class, EndpointsSecuredTests.ActuatorSecurity.class },
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "spring.config.location=classpath:fauxtp-observability.yml",
                "management.endpoints.web.exposure.include=health,supervision,workflows",
                "management.endpoint.supervision.access=unrestricted",
                "management.endpoint.supervision.show-values=when-authorized",
                "management.endpoint.supervision.roles=ADMIN" })
@DirtiesContext
@EnabledIf(value = "securityOnClassPath", disabledReason = "runs in the secured-tests execution, with Spring Security")
class EndpointsSecuredTests {

    static boolean securityOnClassPath() {
        return ClassUtils.isPresent("org.springframework.security.config.annotation.web.builders.HttpSecurity",
                EndpointsSecuredTests.class.getClassLoader());
    }

    @LocalServerPort
    int port;

    @Autowired
    Node node;

    /** Operators (ADMIN) may write; viewers (ACTUATOR) may read; nobody else gets in. */
    @TestConfiguration(proxyBeanMethods = false)
    static class ActuatorSecurity {

        @Bean
        SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
            http.securityMatcher("/actuator/**")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/actuator/**").hasAnyRole("ACTUATOR", "ADMIN")
                        .anyRequest().hasRole("ADMIN"))
                .httpBasic(Customizer.withDefaults())
                // actuator clients are scripts with credentials, not browsers with sessions
                .csrf(csrf -> csrf.disable());
            return http.build();
        }

        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("operator").password("{noop}op").roles("ADMIN", "ACTUATOR").build(),
                    User.withUsername("viewer").password("{noop}view").roles("ACTUATOR").build());
        }

    }

    @Test
    void securityDecidesWhoMayCallTheOperationsThatAccessAllows() {
        Http anonymous = new Http(this.port);
        Http viewer = anonymous.as("viewer", "view");
        Http operator = anonymous.as("operator", "op");
        Pid before = this.node.registry().whereis("sessions").orElseThrow();

        assertThat(anonymous.get("/actuator/supervision").status()).isEqualTo(401);
        assertThat(viewer.get("/actuator/supervision").status()).isEqualTo(200);
        assertThat(viewer.post("/actuator/supervision/shop/sessions").status()).isEqualTo(403);
        assertThat(this.node.registry().whereis("sessions")).contains(before);

        Http.Response restarted = operator.post("/actuator/supervision/shop/sessions");
        assertThat(restarted.status()).isEqualTo(200);
        assertThat(this.node.registry().whereis("sessions")).isPresent().get().isNotEqualTo(before);
    }

    @Test
    void valuesAreShownWhenAuthorizedToTheConfiguredRolesOnly() {
        Http viewer = new Http(this.port).as("viewer", "view");
        Http operator = new Http(this.port).as("operator", "op");

        assertThat(viewer.get("/actuator/supervision/shop/inventory").json().at("/state").asString())
                .isEqualTo("******");
        assertThat(operator.get("/actuator/supervision/shop/inventory").json().at("/state/items").isInt()).isTrue();
    }

    @Test
    void theWorkflowsCheckIsNotMappedAtTheDefaultAccessEvenForAnOperator() {
        Http operator = new Http(this.port).as("operator", "op");

        assertThat(operator.get("/actuator/workflows").status()).isEqualTo(200);
        assertThat(operator.postJson("/actuator/workflows", "{\"suspension\": \"anything\"}").status())
                .isEqualTo(405);
    }

}
