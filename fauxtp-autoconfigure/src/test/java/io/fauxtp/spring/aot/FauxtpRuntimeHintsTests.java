package io.fauxtp.spring.aot;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.effect.Effects;
import io.fauxtp.effect.UsesEffects;
import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.spring.GenServer;
import io.fauxtp.text.TextCodec;
import io.fauxtp.workflow.JournalEntry;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.Workflow;
import io.fauxtp.workflow.WorkflowContext;
import io.fauxtp.workflow.WorkflowDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.javapoet.ClassName;

/**
 * The hints a native image gets, from Spring's own AOT processing of an application context (as
 * {@code spring-boot:process-aot} runs it), which finds fauxtp's registrar and processor in
 * {@code META-INF/spring/aot.factories}.
 */
class FauxtpRuntimeHintsTests {

    @Test
    void theRecordsAndEnumsOfTheApplicationsTextCodecCanBeConstructedAndRead() {
        RuntimeHints hints = processAheadOfTime(ShopConfiguration.class);
        assertThat(RuntimeHintsPredicates.reflection().onType(Parcel.class)
                .withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Parcel.class, "id")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Parcel.class, "items")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Size.class)).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(NotRegistered.class)).rejects(hints);
    }

    @Test
    void fauxtpsOwnSuspensionTypesCanBeConstructedAndRead() {
        RuntimeHints hints = processAheadOfTime(ShopConfiguration.class);
        for (Class<?> type : new Class<?>[] { Suspension.class, JournalEntry.class }) {
            assertThat(RuntimeHintsPredicates.reflection().onType(type)
                    .withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(hints);
        }
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Suspension.class, "journal"))
                .accepts(hints);
    }

    @Test
    void everyEffectInterfaceCanBeProxiedAndCalled() {
        RuntimeHints hints = processAheadOfTime(ShopConfiguration.class);
        // declared with @UsesEffects, held in a behaviour's field, named by an EffectHandler bean's type
        for (Class<?> effect : new Class<?>[] { Payments.class, Warehouse.class, Mailer.class }) {
            assertThat(RuntimeHintsPredicates.proxies().forInterfaces(effect)).as(effect.getSimpleName())
                    .accepts(hints);
            assertThat(RuntimeHintsPredicates.reflection().onType(effect)
                    .withMemberCategory(MemberCategory.INVOKE_PUBLIC_METHODS)).as(effect.getSimpleName())
                    .accepts(hints);
        }
        assertThat(RuntimeHintsPredicates.proxies().forInterfaces(Runnable.class)).rejects(hints);
    }

    @Test
    void theFieldsHoldingEffectRequestsCanBeRead() {
        RuntimeHints hints = processAheadOfTime(ShopConfiguration.class);
        assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(Stockroom.class, "warehouse")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(BaseStockroom.class, "audit")).accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onType(Delivery.class)
                .withMemberCategory(MemberCategory.ACCESS_DECLARED_FIELDS)).accepts(hints);
    }

    @Test
    void aTextCodecBeanThatCannotBeBuiltAtBuildTimeIsSkipped() {
        RuntimeHints hints = processAheadOfTime(FailingCodecConfiguration.class);
        assertThat(RuntimeHintsPredicates.reflection().onType(Parcel.class)).rejects(hints);
        // fauxtp's own types do not depend on the application's codec
        assertThat(RuntimeHintsPredicates.reflection().onType(Suspension.class)).accepts(hints);
    }

    private static RuntimeHints processAheadOfTime(Class<?> configuration) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.register(configuration);
        DefaultGenerationContext generation = new DefaultGenerationContext(
                new ClassNameGenerator(ClassName.get("io.fauxtp.spring.aot", "FauxtpRuntimeHintsTests")),
                new InMemoryGeneratedFiles());
        new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
        return generation.getRuntimeHints();
    }

    record Parcel(String id, int items, Size size) {
    }

    enum Size { SMALL, LARGE }

    record NotRegistered(String id) {
    }

    interface Payments {

        String charge(String customer, long cents);

    }

    interface Warehouse {

        String reserve(String item);

    }

    interface Mailer {

        void send(String to, String text);

    }

    interface Audit {

        void record(String what);

    }

    abstract static class BaseStockroom {

        final Audit audit = Effects.request(Audit.class, "BaseStockroom.audit");

    }

    /** A behaviour holding an effect request in a field. */
    @GenServer("stockroom")
    static class Stockroom extends BaseStockroom implements GenServer.Behaviour<Integer> {

        final Warehouse warehouse = Effects.request(Warehouse.class, "Stockroom.warehouse");

        @Override
        public Integer init(Object args) {
            return 0;
        }

        @Override
        public CallResult<Integer> handleCall(Object request, From from, Integer state) {
            return CallResult.reply(this.warehouse.reserve(request.toString()), state);
        }

    }

    /** A workflow declaring its effect. */
    @Workflow(name = "delivery")
    @UsesEffects(Payments.class)
    static class Delivery implements WorkflowDefinition<Parcel, String> {

        @Override
        public String run(WorkflowContext ctx, Parcel parcel) {
            return ctx.effect(Payments.class).charge(parcel.id(), parcel.items());
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class ShopConfiguration {

        @Bean
        TextCodec shopTypes() {
            return TextCodec.builder().record(Parcel.class, "shop.Parcel").enumType(Size.class, "shop.Size").build();
        }

        @Bean
        EffectHandler<Mailer> mailer() {
            return EffectHandler.of("log-mailer", Mailer.class, (to, text) -> { });
        }

        @Bean
        Stockroom stockroom() {
            return new Stockroom();
        }

        @Bean
        Delivery delivery() {
            return new Delivery();
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class FailingCodecConfiguration {

        @Bean
        TextCodec shopTypes() {
            throw new IllegalStateException("needs the database");
        }

    }

}
