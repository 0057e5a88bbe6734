package io.fauxtp.spring.observability.warehouses;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * One GenServer per warehouse, started at run time under the dynamic supervisor {@code warehouses}
 * (fauxtp-warehouses.yml): the application that docs/spring-boot.md's dynamic supervisor section shows.
 */
@SpringBootApplication
public class WarehouseApplication {
}
