package io.fauxtp.spring;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Carries the requests of a {@link FauxtpTemplate} to sharded GenServers ({@link ShardAddress}). A single-JVM
 * application has none; the cluster module ({@code fauxtp-cluster-hazelcast}) provides the bean when
 * {@code fauxtp.cluster.enabled=true}, so the template needs no compile-time dependency on the cluster.
 */
public interface ShardRouter {

    /**
     * Calls the entity on the member that runs it, starting it there if it is not running.
     * @param entity the entity
     * @param request the request
     * @param timeout how long to wait for the reply
     * @return the reply
     * @throws IllegalArgumentException when no {@code fauxtp.shards.<type>} is configured for the entity's type
     * @throws io.fauxtp.genserver.CallExitException when the entity's member left during the call or the entity
     * failed handling it
     * @throws io.fauxtp.genserver.CallTimeoutException when no reply came within {@code timeout}
     */
    @Nullable Object call(ShardAddress entity, Object request, Duration timeout);

    /**
     * Casts to the entity on the member that runs it; at most once.
     * @param entity the entity
     * @param request the request
     * @throws IllegalArgumentException when no {@code fauxtp.shards.<type>} is configured for the entity's type
     */
    void cast(ShardAddress entity, Object request);

}
