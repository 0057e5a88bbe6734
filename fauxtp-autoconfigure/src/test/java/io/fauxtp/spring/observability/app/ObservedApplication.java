package io.fauxtp.spring.observability.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small shop whose supervision trees the observability tests (and docs/actuator.md) look at over real HTTP:
 * {@code shop} (inventory, sessions and a nested {@code payments} supervisor) and {@code fragile}, a tree with a
 * low restart intensity that the tests make give up.
 */
@SpringBootApplication
public class ObservedApplication {
}
