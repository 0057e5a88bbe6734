package io.fauxtp.spring.workflow.readme;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The workflow application of docs/workflows.md. */
@SpringBootApplication
class RefundApplication {

}
