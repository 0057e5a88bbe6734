package io.fauxtp.spring.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.spring.FauxtpTemplate;
import io.fauxtp.spring.ServerRef;
import io.fauxtp.spring.SupervisorTree;
import io.fauxtp.spring.autoconfigure.FauxtpLifecycle;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Boots the quick-start application with the README's quick-start {@code application.yml} (a two-level tree) and goes
 * through a server's life: call, crash, restart under the same name with its state reset, and shutdown.
 */
@SpringBootTest(properties = "spring.config.location=classpath:fauxtp-quickstart.yml")
@DirtiesContext   // closes the node and its processes once the class is done
class QuickstartApplicationTests {

    @Autowired
    ConfigurableApplicationContext context;

    @Autowired
    Node node;

    @Autowired
    @Qualifier("counter-a")
    ServerRef counterA;

    @Autowired
    @Qualifier("counter-b")
    ServerRef counterB;

    @Autowired
    @Qualifier("root")
    SupervisorTree root;

    @Autowired
    @Qualifier("counters")
    SupervisorTree counters;

    @Autowired
    Visits visits;

    @Autowired
    InitLog initLog;

    @Autowired
    FauxtpTemplate template;

    @Test
    void aServerSurvivesACrashUnderItsNameAndTheContextLeavesNoProcessBehind() {
        assertThat(this.root.isRoot()).isTrue();
        assertThat(this.counters.isRoot()).isFalse();
        assertThat(this.root.pid()).isPresent();
        assertThat(this.counters.pid()).isPresent();
        assertThat(this.context.getBean(FauxtpLifecycle.class).runningTrees()).containsExactly("root");

        // init got the yml args; the injected reference and the template reach the same server
        assertThat(this.counterA.call(new CounterRequest.Get(), Integer.class)).isEqualTo(10);
        assertThat(this.counterB.call(new CounterRequest.Get(), Integer.class)).isZero();
        assertThat(this.visits.visit()).isEqualTo(11);
        assertThat(this.template.call("counter-a", new CounterRequest.Increment(4), Integer.class)).isEqualTo(15);
        assertThat(this.initLog.inits()).contains(Map.of("start", "10"), Map.of());
        int initsBeforeCrash = this.initLog.inits().size();

        Pid crashed = this.counterA.whereis().orElseThrow();
        this.node.exit(crashed, ExitReason.KILL);
        Pid restarted = await().atMost(Duration.ofSeconds(10))
                .until(() -> this.counterA.whereis(), pid -> pid.isPresent() && !pid.get().equals(crashed))
                .orElseThrow();

        assertThat(restarted).isNotEqualTo(crashed);
        assertThat(this.node.isAlive(crashed)).isFalse();
        assertThat(this.counterA.call(new CounterRequest.Get(), Integer.class))
                .as("state reset by init").isEqualTo(10);
        assertThat(this.visits.visit()).isEqualTo(11);
        assertThat(this.initLog.inits()).hasSize(initsBeforeCrash + 1).last().isEqualTo(Map.of("start", "10"));
        assertThat(this.counterB.call(new CounterRequest.Get(), Integer.class)).as("one-for-one").isZero();
    }

    @Test
    void closingTheApplicationLeavesNoProcessBehind() {
        // Booted apart from the test framework's cached context, which must stay open for the other test.
        ConfigurableApplicationContext application = new SpringApplicationBuilder(QuickstartApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.config.location=classpath:fauxtp-quickstart.yml")
                .run();
        Node applicationNode = application.getBean(Node.class);
        ServerRef counter = application.getBean("fauxtp.server.counter-a", ServerRef.class);
        assertThat(counter.call(new CounterRequest.Increment(1), Integer.class)).isEqualTo(11);
        assertThat(applicationNode.processCount()).isPositive();

        application.close();

        assertThat(applicationNode.isClosed()).isTrue();
        assertThat(applicationNode.processCount()).isZero();
        assertThat(applicationNode.processes()).isEmpty();
    }

}
