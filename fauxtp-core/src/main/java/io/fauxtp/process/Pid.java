package io.fauxtp.process;

/**
 * The identity of a process: the id of the {@link Node} that runs it and a serial unique within that node.
 * A pid is a plain value; it stays valid after its process has died (a send to it is then silently dropped).
 * Prints like Erlang's, {@code <1.42>}.
 *
 * @param node   the id of the node that spawned the process ({@link Node#id()})
 * @param serial unique per node, starting at 1
 */
public record Pid(int node, long serial) implements Comparable<Pid> {

    /**
     * Parses the printed form {@code <node.serial>}, as produced by {@link #toString()}.
     *
     * @throws IllegalArgumentException when the text is not of that form
     */
    public static Pid parse(String text) {
        String t = text == null ? "" : text.strip();
        int dot = t.indexOf('.');
        if (!t.startsWith("<") || !t.endsWith(">") || dot < 0) {
            throw new IllegalArgumentException("not a pid: '" + text + "' (expected the form <1.42>)");
        }
        try {
            return new Pid(Integer.parseInt(t.substring(1, dot)), Long.parseLong(t.substring(dot + 1, t.length() - 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a pid: '" + text + "' (expected the form <1.42>)", e);
        }
    }

    @Override
    public int compareTo(Pid other) {
        int c = Integer.compare(node, other.node);
        return c != 0 ? c : Long.compare(serial, other.serial);
    }

    // equals and hashCode written out (same meaning as the generated ones): pids and refs are compared on every
    // send and call, and these inline where the generic record methods may not.
    @Override
    public boolean equals(Object o) {
        return o instanceof Pid other && other.node == node && other.serial == serial;
    }

    @Override
    public int hashCode() {
        return 31 * node + Long.hashCode(serial);
    }

    @Override
    public String toString() {
        return "<" + node + "." + serial + ">";
    }
}
