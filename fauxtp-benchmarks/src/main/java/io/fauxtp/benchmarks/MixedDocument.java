package io.fauxtp.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A deterministic document of mixed plain data that JSON can hold too (maps, lists, strings with escapes and
 * non-ASCII text, longs, doubles, booleans, nulls), so the text format and Jackson work on the same value.
 */
final class MixedDocument {

    private static final String[] WORDS = {"alpha", "beta", "gamma", "délta", "ε", "naïve café", "日本語",
        "emoji 😀", "quote's", "say \"hi\"", "tab\tand\nnewline", "back\\slash", "plain words here"};

    private MixedDocument() {}

    /** About {@code approxChars} characters once dumped in the compact format. */
    static Map<String, Object> build(int approxChars) {
        Random random = new Random(42);
        List<Object> orders = new ArrayList<>();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", 3L);
        doc.put("generated", "2026-11-23T00:00:00Z");
        doc.put("orders", orders);
        int size = 0;
        long id = 1_000_000L;
        while (size < approxChars) {
            Map<String, Object> order = new LinkedHashMap<>();
            order.put("id", id++);
            order.put("customer", WORDS[random.nextInt(WORDS.length)] + " " + random.nextInt(10_000));
            order.put("active", random.nextBoolean());
            order.put("discount", random.nextInt(4) == 0 ? null : Math.round(random.nextDouble() * 10_000) / 100.0);
            order.put("score", random.nextGaussian() * 1e3);
            List<Object> items = new ArrayList<>();
            for (int i = random.nextInt(6) + 1; i > 0; i--) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("sku", "SKU-" + Long.toString(random.nextLong() & 0xFFFFFFFFL, 36));
                item.put("qty", (long) random.nextInt(100));
                item.put("price", random.nextInt(100_000) / 100.0);
                items.add(item);
            }
            order.put("items", items);
            List<Object> tags = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                tags.add(WORDS[random.nextInt(WORDS.length)]);
            }
            order.put("tags", tags);
            order.put("checksum", random.nextLong());
            orders.add(order);
            size += 220 + items.size() * 55 + tags.size() * 12;
        }
        return doc;
    }
}
