package io.fauxtp.spring.quickstart;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The README's quick-start application, booted for real by {@link QuickstartApplicationTests}. */
@SpringBootApplication
public class QuickstartApplication {
}
