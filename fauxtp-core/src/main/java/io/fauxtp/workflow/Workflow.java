package io.fauxtp.workflow;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names and versions a {@link WorkflowDefinition} class, and declares the {@link Environment} names it uses.
 * Read by {@link WorkflowSpec#of(WorkflowDefinition)}. Change the version whenever a change to the code would
 * make old suspensions replay differently.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Workflow {

    /** The workflow's name, stored in every suspension. */
    String name();

    /** The workflow's version, at least 1. */
    int version() default 1;

    /** The environment names the workflow uses. */
    String[] uses() default {};
}
