package io.fauxtp.spring.metrics;

import io.fauxtp.process.Registry;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The values of a {@code name} tag, from a bounded set, so that no caller can create meters without limit: a name
 * the application declared (a named child under {@code fauxtp.supervisors}) is its own tag; any other name is its
 * own tag only if it is registered on the node when it is first seen and fewer than {@code limit} such names were
 * admitted before; every other name, registered or not (a name built from a request that names nothing), is
 * {@value #OTHER}. An admitted name stays admitted, so the tag values never exceed the declared names plus
 * {@code limit} plus {@value #OTHER}.
 */
public final class NameTags {

    /** The tag value of every name that is neither declared nor admitted. */
    public static final String OTHER = "other";

    private final Set<String> declared;

    private final Registry registry;

    private final int limit;

    private final Set<String> admitted = ConcurrentHashMap.newKeySet();

    /**
     * Creates the tag policy.
     * @param declared the names the application declared, always their own tag
     * @param registry the node's registry, whose names may be admitted
     * @param limit how many other registered names may become tag values
     */
    public NameTags(Set<String> declared, Registry registry, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, not " + limit);
        }
        this.declared = Set.copyOf(declared);
        this.registry = Objects.requireNonNull(registry, "registry");
        this.limit = limit;
    }

    /**
     * @param name a registered name, as a caller gave it
     * @return the name itself when declared or admitted, otherwise {@value #OTHER}
     */
    public String tag(@Nullable String name) {
        if (name == null) {
            return OTHER;
        }
        if (this.declared.contains(name) || this.admitted.contains(name)) {
            return name;
        }
        if (this.admitted.size() >= this.limit || this.registry.whereis(name).isEmpty()) {
            return OTHER;
        }
        synchronized (this.admitted) {
            if (this.admitted.size() >= this.limit) {
                return OTHER;
            }
            this.admitted.add(name);
            return name;
        }
    }

    /**
     * @param name a registered name
     * @return whether it is one of the names the application declared
     */
    public boolean isDeclared(String name) {
        return this.declared.contains(name);
    }

    /** @return the names the application declared */
    public Set<String> declared() {
        return this.declared;
    }

}
