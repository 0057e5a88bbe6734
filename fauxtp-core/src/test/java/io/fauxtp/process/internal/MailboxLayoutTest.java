package io.fauxtp.process.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The mailbox keeps what its owner writes per message and what every sender reads or writes on different cache
 * lines. Since JDK 15 the JVM may place a subclass's field in a hole of its superclass's layout, which once put
 * the senders' {@code tail} and {@code waiting} among the owner's fields and doubled the cost of a round trip;
 * this checks the layout the running JVM actually chose.
 */
class MailboxLayoutTest {

    private static final int CACHE_LINE = 64;

    @Test
    void ownerAndSenderFieldsAreAtLeastACacheLineApart() throws Exception {
        List<Long> owner = offsets(MailboxOwnerFields.class);
        List<Long> sender = offsets(MailboxSenderFields.class);
        assertThat(owner).isNotEmpty();
        assertThat(sender).isNotEmpty();
        long ownerEnd = owner.stream().mapToLong(Long::longValue).max().orElseThrow();
        long senderStart = sender.stream().mapToLong(Long::longValue).min().orElseThrow();
        assertThat(senderStart - ownerEnd)
                .as("bytes between the owner's last field and the senders' first (owner %s, senders %s)", owner, sender)
                .isGreaterThanOrEqualTo(CACHE_LINE - 8);
    }

    @Test
    void theSendersFieldsAreFollowedByPadding() throws Exception {
        long senderEnd = offsets(MailboxSenderFields.class).stream().mapToLong(Long::longValue).max().orElseThrow();
        long objectEnd = offsets(QueueMailbox.class).stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(objectEnd - senderEnd).isGreaterThanOrEqualTo(CACHE_LINE - 8);
    }

    /** Offsets of the instance fields declared by {@code type} itself (padding excluded by name). */
    private static List<Long> offsets(Class<?> type) throws Exception {
        // sun.misc.Unsafe#objectFieldOffset is deprecated for removal: found reflectively, and the test is skipped
        // on a JDK that no longer has it
        Method objectFieldOffset;
        Object unsafe;
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            unsafe = theUnsafe.get(null);
            objectFieldOffset = unsafeClass.getMethod("objectFieldOffset", Field.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            assumeTrue(false, "this JDK reports no field offsets: " + e);
            return List.of();
        }
        List<Long> offsets = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            boolean padding = f.getType() == byte.class;
            if (!Modifier.isStatic(f.getModifiers()) && (type == QueueMailbox.class || !padding)) {
                offsets.add((Long) objectFieldOffset.invoke(unsafe, f));
            }
        }
        return offsets;
    }
}
