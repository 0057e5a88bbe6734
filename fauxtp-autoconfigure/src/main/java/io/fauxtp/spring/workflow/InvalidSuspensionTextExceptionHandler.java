package io.fauxtp.spring.workflow;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a refused suspension text with a 400 problem detail (RFC 9457) that says where and why: {@code line},
 * {@code column} and {@code reason} besides the usual {@code detail}. It applies wherever the
 * {@link InvalidSuspensionTextException} comes from in a Spring MVC request: a {@code @RequestBody Suspension}
 * ({@link SuspensionHttpMessageConverter}), a {@code @RequestParam} or {@code @PathVariable}
 * ({@link TextToSuspensionConverter}), or the controller's own call of a converter.
 *
 * <p>Ordered at {@value #ORDER}, just before Spring Boot's {@code ProblemDetailsExceptionHandler} (order 0,
 * present with {@code spring.mvc.problemdetails.enabled=true}), whose answer to an unreadable body or a failed
 * conversion has no position. An application that answers these errors itself gives its advice a lower order,
 * or defines a bean of this type.
 */
@RestControllerAdvice
@Order(InvalidSuspensionTextExceptionHandler.ORDER)
public class InvalidSuspensionTextExceptionHandler {

    /** The order of this advice among the application's {@code @ControllerAdvice} beans. */
    public static final int ORDER = -1;

    /**
     * @param ex the refusal, thrown directly or the cause of Spring's own exception
     * @return the problem detail
     */
    @ExceptionHandler(InvalidSuspensionTextException.class)
    public ProblemDetail invalidSuspensionText(InvalidSuspensionTextException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
        problem.setTitle("Invalid suspension text");
        problem.setProperty("line", ex.line());
        problem.setProperty("column", ex.column());
        problem.setProperty("reason", ex.reason());
        return problem;
    }

}
