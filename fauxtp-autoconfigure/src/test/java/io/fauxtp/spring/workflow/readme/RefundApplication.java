package io.fauxtp.spring.workflow.readme;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The README's workflow application. */
@SpringBootApplication
class RefundApplication {

}
