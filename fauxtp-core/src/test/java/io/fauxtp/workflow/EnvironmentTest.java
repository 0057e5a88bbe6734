package io.fauxtp.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class EnvironmentTest {

    record Invoice(BigDecimal net) {
    }

    @Workflow(name = "invoice", uses = {"pricing.vat", "pricing.gross"})
    static final class InvoiceWorkflow implements WorkflowDefinition<Invoice, BigDecimal> {
        @Override
        public BigDecimal run(WorkflowContext ctx, Invoice invoice) {
            return ctx.environment().apply("pricing.gross", invoice.net());
        }
    }

    private final Environment pricing = Environment.builder()
            .value("pricing.vat", new BigDecimal("0.20"))
            .function("pricing.gross", (BigDecimal net) -> net.multiply(new BigDecimal("1.20")))
            .value("secret", "not for workflows")
            .build();

    @Test
    void aWorkflowUsesTheNamesItDeclares() {
        WorkflowEngine engine = WorkflowEngine.builder().environment(pricing).register(new InvoiceWorkflow()).build();
        Suspension done = engine.start("invoice", new Invoice(new BigDecimal("10.00")));
        assertThat(done.result()).isEqualTo(new BigDecimal("12.0000"));
    }

    @Test
    void registeringAWorkflowThatUsesAMissingNameIsRejectedWithTheName() {
        Environment withoutGross = Environment.builder().value("pricing.vat", BigDecimal.ONE).build();
        assertThatThrownBy(() -> WorkflowEngine.builder().environment(withoutGross).register(new InvoiceWorkflow()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workflow 'invoice' v1 uses [pricing.gross]")
                .hasMessageContaining("it holds [pricing.vat]");
    }

    @Test
    void insideARunOnlyDeclaredNamesAreVisible() {
        WorkflowDefinition<String, Object> snooping = (ctx, in) -> ctx.environment().value("secret", String.class);
        WorkflowEngine engine = WorkflowEngine.builder().environment(pricing)
                .register(WorkflowSpec.of("snoop", 1, snooping).withUses("pricing.vat")).build();
        Suspension s = engine.start("snoop", "x");
        assertThat(s.status()).isEqualTo(Suspension.Status.FAILED);
        assertThat(s.failure().type()).isEqualTo(NoSuchElementException.class.getName());
        assertThat(s.failure().message()).contains("no 'secret'", "[pricing.vat]");
    }

    @Test
    void namedReferencesResolveOnlyKnownNames() {
        NamedReference gross = pricing.reference("pricing.gross");
        assertThat(gross.name()).isEqualTo("pricing.gross");
        @SuppressWarnings("unchecked")
        Function<BigDecimal, BigDecimal> f = gross.target(Function.class);
        assertThat(f.apply(BigDecimal.TEN)).isEqualByComparingTo("12");
        assertThatThrownBy(() -> pricing.reference("math.floor")).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("no 'math.floor'");
        assertThatThrownBy(() -> gross.target(String.class)).isInstanceOf(ClassCastException.class)
                .hasMessageContaining("'pricing.gross'");
    }

    @Test
    void namesAreCheckedAndUnique() {
        assertThatThrownBy(() -> Environment.builder().value("1bad", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'1bad' is not a valid environment name");
        assertThatThrownBy(() -> Environment.builder().value("a", 1).value("a", 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already holds 'a'");
        assertThat(pricing.missing(java.util.List.of("pricing.vat", "zz", "aa"))).containsExactly("aa", "zz");
    }
}
