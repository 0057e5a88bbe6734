package io.fauxtp.spring.workflow;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Qualifies the {@link javax.sql.DataSource} the workflow store uses, when it is not the application's only or
 * {@code @Primary} one (as {@code @BatchDataSource} does for Spring Batch). A qualified DataSource is used as it
 * is, an in-memory one included: qualifying it is asking for it. An explicit
 * {@code fauxtp.workflow.store.h2-path} or {@code fauxtp.workflow.store.in-memory} still wins.
 *
 * <pre>{@code
 * @Bean
 * @FauxtpDataSource
 * DataSource workflowDataSource() {
 *     return DataSourceBuilder.create().url("jdbc:postgresql://db/workflows").build();
 * }
 * }</pre>
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE,
        ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface FauxtpDataSource {

}
