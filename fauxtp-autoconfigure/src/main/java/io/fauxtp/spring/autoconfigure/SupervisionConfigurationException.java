package io.fauxtp.spring.autoconfigure;

import java.util.List;

/**
 * The supervision trees under {@code fauxtp.supervisors} are invalid. Each kind of mistake is its own subclass,
 * naming the offending property; a failure analyzer turns them into a description and an action at startup.
 */
public abstract sealed class SupervisionConfigurationException extends RuntimeException {

    private final String property;

    private SupervisionConfigurationException(String property, String message) {
        super(message);
        this.property = property;
    }

    /**
     * The property that holds the mistake, e.g. {@code fauxtp.supervisors.counters.children[0].gen-server}.
     * @return the full property name
     */
    public String property() {
        return this.property;
    }

    /** A {@code gen-server} entry names a bean that does not exist. */
    public static final class UnknownGenServerException extends SupervisionConfigurationException {

        private final String beanName;

        private final List<String> available;

        public UnknownGenServerException(String property, String beanName, List<String> available) {
            super(property, "%s names the GenServer bean '%s', but there is no bean with that name"
                    .formatted(property, beanName));
            this.beanName = beanName;
            this.available = List.copyOf(available);
        }

        /** @return the missing bean name */
        public String beanName() {
            return this.beanName;
        }

        /** @return the names of the GenServer beans that do exist, sorted */
        public List<String> available() {
            return this.available;
        }

    }

    /** A {@code gen-server} entry names a bean that does not implement {@link io.fauxtp.genserver.GenServer}. */
    public static final class NotAGenServerException extends SupervisionConfigurationException {

        private final String beanName;

        private final String actualType;

        public NotAGenServerException(String property, String beanName, String actualType) {
            super(property, "%s names the bean '%s', but it is a %s, which does not implement %s"
                    .formatted(property, beanName, actualType, io.fauxtp.genserver.GenServer.class.getName()));
            this.beanName = beanName;
            this.actualType = actualType;
        }

        /** @return the bean name */
        public String beanName() {
            return this.beanName;
        }

        /** @return the bean's class name */
        public String actualType() {
            return this.actualType;
        }

    }

    /** The same registered name, child id or nested supervisor appears twice. */
    public static final class DuplicateNameException extends SupervisionConfigurationException {

        private final String name;

        private final List<String> properties;

        public DuplicateNameException(String what, String name, List<String> properties) {
            super(properties.getLast(), "%s '%s' is declared more than once: %s"
                    .formatted(what, name, String.join(", ", properties)));
            this.name = name;
            this.properties = List.copyOf(properties);
        }

        /** @return the duplicated name */
        public String name() {
            return this.name;
        }

        /** @return every property that declares it, in declaration order */
        public List<String> properties() {
            return this.properties;
        }

    }

    /** A {@code supervisor} entry names a supervisor that is not declared under {@code fauxtp.supervisors}. */
    public static final class UnknownSupervisorException extends SupervisionConfigurationException {

        private final String supervisor;

        private final List<String> declared;

        public UnknownSupervisorException(String property, String supervisor, List<String> declared) {
            super(property, "%s names the supervisor '%s', which is not declared under fauxtp.supervisors"
                    .formatted(property, supervisor));
            this.supervisor = supervisor;
            this.declared = List.copyOf(declared);
        }

        /** @return the unknown supervisor name */
        public String supervisor() {
            return this.supervisor;
        }

        /** @return the declared supervisor names, in declaration order */
        public List<String> declared() {
            return this.declared;
        }

    }

    /** Supervisors contain each other, so no tree has a bottom. */
    public static final class SupervisorCycleException extends SupervisionConfigurationException {

        private final List<String> cycle;

        public SupervisorCycleException(String property, List<String> cycle) {
            super(property, "supervisors nest in a cycle: " + String.join(" -> ", cycle));
            this.cycle = List.copyOf(cycle);
        }

        /** @return the supervisors on the cycle, the first repeated at the end */
        public List<String> cycle() {
            return this.cycle;
        }

    }

    /** A value is negative, malformed or missing. */
    public static final class InvalidValueException extends SupervisionConfigurationException {

        private final String value;

        private final String expected;

        public InvalidValueException(String property, String value, String expected) {
            super(property, "%s has the invalid value '%s': expected %s".formatted(property, value, expected));
            this.value = value;
            this.expected = expected;
        }

        /** @return the value as written, or an empty string when it is missing */
        public String value() {
            return this.value;
        }

        /** @return what a valid value looks like */
        public String expected() {
            return this.expected;
        }

    }

}
