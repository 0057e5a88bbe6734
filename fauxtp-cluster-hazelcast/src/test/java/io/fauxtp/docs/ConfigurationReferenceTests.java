package io.fauxtp.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.fauxtp.cluster.hazelcast.autoconfigure.FauxtpShardProperties;
import io.fauxtp.spring.autoconfigure.FauxtpProperties;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the configuration reference, {@code docs/configuration.md}, true to the code: it must list every property
 * of the configuration metadata that the build generates for fauxtp-autoconfigure and fauxtp-cluster-hazelcast
 * (this module sees both on its class path) with its default, every key of a supervision tree under
 * {@code fauxtp.supervisors.<name>}, and no property that no longer exists.
 */
class ConfigurationReferenceTests {

    private static final Path REFERENCE = Path.of("../docs/configuration.md");
    /** A row of a property table: its first cell, a property name in backquotes. */
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `((?:fauxtp|management)\\.[^`]+)` \\|");
    /** A metadata file of fauxtp's own: one of its entries comes from a class of fauxtp. */
    private static final Pattern FAUXTP_SOURCE = Pattern.compile("\"sourceType\"\\s*:\\s*\"io\\.fauxtp\\.");
    /** JVM system properties, listed in the reference but read with System.getProperty, not from the metadata. */
    private static final Set<String> SYSTEM_PROPERTIES = Set.of(
            "fauxtp.mailbox.spinNanos", "fauxtp.mailbox.consumerPollPauses", "fauxtp.mailbox.contendedBackOffMillis",
            "fauxtp.genserver.hibernateAfterMillis");

    @Test
    void everyPropertyOfTheMetadataIsListedWithItsDefault() throws IOException {
        String reference = Files.readString(REFERENCE);
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Object> property : fauxtpMetadata().entrySet()) {
            String name = property.getKey();
            if (name.equals("fauxtp.supervisors")) {
                continue;   // a map of supervisors: its keys are checked by the next test
            }
            if (name.equals("fauxtp.shards")) {
                assertThat(reference).contains("| `fauxtp.shards` |");
                continue;   // a map of sharded types: its keys are checked by everyKeyOfAShardedTypeIsListed
            }
            String row = property.getValue() != null
                    ? "| `%s` | `%s` |".formatted(name, property.getValue())
                    : "| `%s` |".formatted(name);
            if (!reference.contains(row)) {
                missing.add(row);
            }
        }
        assertThat(missing).as("rows of docs/configuration.md that the metadata asks for").isEmpty();
    }

    @Test
    void everyPropertyOfTheMetadataHasADescriptionForIdes() throws IOException {
        List<String> undocumented = new ArrayList<>();
        for (String json : fauxtpMetadataFiles()) {
            undocumented.addAll(JsonPath.read(json, "$.properties[?(!@.description)].name"));
        }
        assertThat(fauxtpMetadata()).containsKeys("fauxtp.cluster.enabled", "fauxtp.cluster.expected-members");
        assertThat(undocumented).as("fauxtp properties without a description in the metadata").isEmpty();
    }

    @Test
    void everyKeyOfASupervisionTreeIsListed() throws IOException {
        String reference = Files.readString(REFERENCE);
        List<String> keys = new ArrayList<>();
        keysOf(FauxtpProperties.Supervisor.class, "fauxtp.supervisors.<name>", keys);
        assertThat(keys).contains("fauxtp.supervisors.<name>.children[i].backoff.max");
        List<String> missing = keys.stream().filter(key -> !reference.contains("| `" + key + "` |")).toList();
        assertThat(missing).as("keys of fauxtp.supervisors.<name> missing from docs/configuration.md").isEmpty();
    }

    @Test
    void everyKeyOfAShardedTypeIsListed() throws IOException {
        String reference = Files.readString(REFERENCE);
        List<String> keys = new ArrayList<>();
        keysOf(FauxtpShardProperties.Type.class, "fauxtp.shards.<type>", keys);
        assertThat(keys).contains("fauxtp.shards.<type>.passivate-after", "fauxtp.shards.<type>.args.*");
        List<String> missing = keys.stream().filter(key -> !reference.contains("| `" + key + "` |")).toList();
        assertThat(missing).as("keys of fauxtp.shards.<type> missing from docs/configuration.md").isEmpty();
    }

    @Test
    void everyListedPropertyExists() throws IOException {
        Set<String> known = new TreeSet<>(fauxtpMetadata().keySet());
        List<String> keys = new ArrayList<>();
        keysOf(FauxtpProperties.Supervisor.class, "fauxtp.supervisors.<name>", keys);
        keysOf(FauxtpShardProperties.Type.class, "fauxtp.shards.<type>", keys);
        known.addAll(keys);
        known.addAll(SYSTEM_PROPERTIES);
        Matcher row = ROW.matcher(Files.readString(REFERENCE));
        List<String> unknown = new ArrayList<>();
        while (row.find()) {
            if (!known.contains(row.group(1))) {
                unknown.add(row.group(1));
            }
        }
        assertThat(unknown).as("properties in docs/configuration.md that nothing binds").isEmpty();
    }

    /** Every property, with its default (null if none), of the metadata files of fauxtp's own modules. */
    private static Map<String, Object> fauxtpMetadata() throws IOException {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String json : fauxtpMetadataFiles()) {
            List<Map<String, Object>> entries = JsonPath.read(json, "$.properties[*]");
            for (Map<String, Object> entry : entries) {
                properties.put((String) entry.get("name"), entry.get("defaultValue"));
            }
        }
        assertThat(properties).containsKeys("fauxtp.call-timeout", "fauxtp.cluster.singleton-lease");
        return properties;
    }

    /** The metadata files of fauxtp's own modules: fauxtp-autoconfigure's and fauxtp-cluster-hazelcast's. */
    private static List<String> fauxtpMetadataFiles() throws IOException {
        List<String> files = new ArrayList<>();
        for (URL url : Collections.list(ConfigurationReferenceTests.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            String json;
            try (InputStream in = url.openStream()) {
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (FAUXTP_SOURCE.matcher(json).find()) {
                files.add(json);   // not Spring Boot's own, Hazelcast's, ...
            }
        }
        assertThat(files).as("metadata files of fauxtp-autoconfigure and fauxtp-cluster-hazelcast").hasSize(2);
        return files;
    }

    /** The keys a supervision tree binds below {@code prefix}, found as Spring's binder finds them. */
    private static void keysOf(Class<?> type, String prefix, List<String> keys) {
        for (Field field : type.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            String key = prefix + "." + kebab(field.getName());
            if (List.class.isAssignableFrom(field.getType())) {
                keysOf(typeArgument(field, 0), key + "[i]", keys);
            } else if (Map.class.isAssignableFrom(field.getType())) {
                keys.add(key + ".*");
            } else if (field.getType().getDeclaringClass() == FauxtpProperties.class) {
                keysOf(field.getType(), key, keys);
            } else {
                keys.add(key);
            }
        }
    }

    private static Class<?> typeArgument(Field field, int index) {
        return (Class<?>) ((ParameterizedType) field.getGenericType()).getActualTypeArguments()[index];
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
