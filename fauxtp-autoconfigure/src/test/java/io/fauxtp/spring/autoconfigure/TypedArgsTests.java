package io.fauxtp.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.spring.DynamicSupervisorRef;
import io.fauxtp.spring.FauxtpTemplate;
import io.fauxtp.spring.GenServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/** Init arguments bound to the type a {@code @GenServer} declares, as {@code @ConfigurationProperties} are. */
class TypedArgsTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FauxtpAutoConfiguration.class,
                    FauxtpSupervisionAutoConfiguration.class))
            .withUserConfiguration(TypedWarehouse.class)
            .withPropertyValues("fauxtp.supervisors.shop.children[0].name=north",
                    "fauxtp.supervisors.shop.children[0].gen-server=typedWarehouse");

    @Test
    void argsAreBoundToTheDeclaredTypeWithConversionAndDefaults() {
        this.runner.withPropertyValues("fauxtp.supervisors.shop.children[0].args.capacity=500").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(FauxtpTemplate.class).call("north", "args", WarehouseArgs.class))
                    .isEqualTo(new WarehouseArgs(500, "eu"));
        });
    }

    @Test
    void aValueOfTheWrongTypeFailsNamingTheChildsProperty() {
        this.runner.withPropertyValues("fauxtp.supervisors.shop.children[0].args.capacity=lots")
                .run(context -> assertThat(bindFailure(context).getProperty().getName().toString())
                        .isEqualTo("fauxtp.supervisors.shop.children[0].args.capacity"));
    }

    @Test
    void anUnknownKeyFailsNamingIt() {
        this.runner.withPropertyValues("fauxtp.supervisors.shop.children[0].args.capacty=500").run(context -> {
            BindException failure = bindFailure(context);
            assertThat(failure.getCause()).isInstanceOfSatisfying(UnboundConfigurationPropertiesException.class,
                    unbound -> assertThat(unbound.getUnboundProperties())
                            .extracting(property -> property.getName().toString())
                            .containsExactly("fauxtp.supervisors.shop.children[0].args.capacty"));
        });
    }

    @Test
    void aValidatorBeanValidatesTheArgs() {
        this.runner.withPropertyValues("fauxtp.supervisors.shop.children[0].args.capacity=0")
                .withBean("defaultValidator", Validator.class, PositiveCapacity::new)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .isInstanceOfSatisfying(SupervisionConfigurationException.InvalidValueException.class,
                                    invalid -> {
                                        assertThat(invalid.property())
                                                .isEqualTo("fauxtp.supervisors.shop.children[0].args.capacity");
                                        assertThat(invalid.value()).isEqualTo("0");
                                        assertThat(invalid.expected()).contains("capacity must be at least 1");
                                    });
                });
    }

    @Test
    void aDynamicSupervisorsTemplateArgsAreBoundAndRuntimeArgsPassedAsGiven() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FauxtpAutoConfiguration.class,
                        FauxtpSupervisionAutoConfiguration.class))
                .withUserConfiguration(TypedWarehouse.class)
                .withPropertyValues("fauxtp.supervisors.warehouses.dynamic=true",
                        "fauxtp.supervisors.warehouses.template.gen-server=typedWarehouse",
                        "fauxtp.supervisors.warehouses.template.args.capacity=100")
                .run(context -> {
                    DynamicSupervisorRef warehouses = context.getBean(DynamicSupervisorRef.class);
                    assertThat(warehouses.startChild("a", null).call("args", WarehouseArgs.class))
                            .isEqualTo(new WarehouseArgs(100, "eu"));
                    assertThat(warehouses.startChild("b", new WarehouseArgs(7, "us")).call("args",
                            WarehouseArgs.class)).isEqualTo(new WarehouseArgs(7, "us"));
                });
    }

    private static BindException bindFailure(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        Throwable failure = context.getStartupFailure();
        while (!(failure instanceof BindException) && failure.getCause() != null) {
            failure = failure.getCause();
        }
        assertThat(failure).isInstanceOf(BindException.class);
        return (BindException) failure;
    }

    /** The init arguments of a warehouse. */
    // tag::typed-args[]
    record WarehouseArgs(int capacity, @DefaultValue("eu") String region) {
    }

    @GenServer(value = "typedWarehouse", args = WarehouseArgs.class)
    static class TypedWarehouse implements GenServer.Behaviour<WarehouseArgs> {

        @Override
        public WarehouseArgs init(Object args) {
            return (WarehouseArgs) args;
        }

        @Override
        public CallResult<WarehouseArgs> handleCall(Object request, From from, WarehouseArgs args) {
            return CallResult.reply(args, args);
        }

    }
    // end::typed-args[]

    /** A Spring validator, standing in for Boot's JSR-303 one. */
    static class PositiveCapacity implements Validator {

        @Override
        public boolean supports(Class<?> type) {
            return type == WarehouseArgs.class;
        }

        @Override
        public void validate(Object target, Errors errors) {
            if (((WarehouseArgs) target).capacity() < 1) {
                errors.rejectValue("capacity", "capacity.positive", "capacity must be at least 1");
            }
        }

    }

}
