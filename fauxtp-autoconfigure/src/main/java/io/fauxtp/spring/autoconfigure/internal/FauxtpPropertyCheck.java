package io.fauxtp.spring.autoconfigure.internal;

import io.fauxtp.spring.autoconfigure.UnknownFauxtpPropertyException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Fails on a {@code fauxtp.*} property that no fauxtp module defines, suggesting the known one it most likely
 * means. The known properties are those of the configuration metadata of every fauxtp jar on the class path
 * ({@code META-INF/spring-configuration-metadata.json}), so a module's properties are known exactly when it is
 * there. Keys below a map or list property ({@code fauxtp.supervisors.<name>...}) and below
 * {@code fauxtp.defaults} are left to the strict binding of those groups.
 *
 * <p>Environment variables are not checked: their names map to property names ambiguously
 * ({@code FAUXTP_CALL_TIMEOUT} reads as {@code fauxtp.call.timeout}), and the binder accepts both.
 */
public final class FauxtpPropertyCheck {

    private static final ConfigurationPropertyName FAUXTP = ConfigurationPropertyName.of("fauxtp");

    private static final String METADATA = "classpath*:META-INF/spring-configuration-metadata.json";

    /** Keys under these are checked by binding them strictly (SupervisionBeanRegistrar). */
    private static final List<String> STRICTLY_BOUND = List.of("fauxtp.defaults.", "fauxtp.supervisors.");

    private FauxtpPropertyCheck() {
    }

    /**
     * Checks the environment's {@code fauxtp.*} properties.
     * @param environment the environment
     * @param classLoader where to find the configuration metadata
     * @throws UnknownFauxtpPropertyException for the first unknown property
     */
    public static void check(Environment environment, @Nullable ClassLoader classLoader) {
        Map<String, String> known = knownProperties(classLoader);
        if (!known.containsKey("fauxtp.enabled")) {
            // No metadata (classes compiled without the annotation processor): nothing to check against.
            return;
        }
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource
                    || !(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            iterable.filter(FAUXTP::isAncestorOf).stream()
                    .filter(name -> !isKnown(name.toString(), known))
                    .findFirst()
                    .ifPresent(name -> {
                        ConfigurationProperty property = source.getConfigurationProperty(name);
                        String origin = property != null && property.getOrigin() != null
                                ? property.getOrigin().toString() : null;
                        throw new UnknownFauxtpPropertyException(name.toString(), origin,
                                suggest(name.toString(), known).orElse(null));
                    });
        }
    }

    static boolean isKnown(String name, Map<String, String> known) {
        if (known.containsKey(name) || STRICTLY_BOUND.stream().anyMatch(name::startsWith)) {
            return true;
        }
        return known.entrySet().stream().anyMatch(property -> isContainer(property.getValue())
                && (name.startsWith(property.getKey() + ".") || name.startsWith(property.getKey() + "[")));
    }

    /**
     * The known property closest to {@code name}: each known property is compared with as many leading segments
     * of the name, so that {@code fauxtp.supervisor.shop.strategy} finds the map {@code fauxtp.supervisors} and
     * keeps the rest of the key.
     */
    static Optional<String> suggest(String name, Map<String, String> known) {
        String[] segments = name.split("\\.");
        record Candidate(String suggestion, int distance) {
        }
        return known.keySet().stream()
                .map(property -> {
                    int length = property.split("\\.").length;
                    if (length > segments.length) {
                        return null;
                    }
                    String head = String.join(".", List.of(segments).subList(0, length));
                    String tail = name.substring(head.length());
                    return new Candidate(property + tail, distance(head, property));
                })
                .filter(candidate -> candidate != null && candidate.distance() > 0
                        && candidate.distance() <= Math.max(2, candidate.suggestion().length() / 8))
                .min(Comparator.comparingInt(Candidate::distance))
                .map(Candidate::suggestion);
    }

    private static boolean isContainer(@Nullable String type) {
        return type != null && (type.startsWith("java.util.Map") || type.startsWith("java.util.List")
                || type.startsWith("java.util.Set") || type.startsWith("java.util.Collection")
                || type.endsWith("[]"));
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** Every fauxtp property of the metadata on the class path, with its type (null when it has none). */
    private static Map<String, String> knownProperties(@Nullable ClassLoader classLoader) {
        Map<String, String> known = new TreeMap<>();
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver(classLoader).getResources(METADATA)) {
                String json;
                try (InputStream in = resource.getInputStream()) {
                    json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                Object properties = JsonParserFactory.getJsonParser().parseMap(json).get("properties");
                if (properties instanceof List<?> list) {
                    for (Object entry : list) {
                        if (entry instanceof Map<?, ?> property && property.get("name") instanceof String name
                                && name.startsWith("fauxtp.")) {
                            known.put(name, property.get("type") instanceof String type ? type : null);
                        }
                    }
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not read the configuration metadata " + METADATA, ex);
        }
        return known;
    }

}
