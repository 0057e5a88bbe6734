package io.fauxtp.process;

/**
 * The reference of one monitor, as returned by {@link ProcessContext#monitor(Pid)} and carried by the
 * {@link Down} message it produces. Unique within its node.
 */
public record MonitorRef(int node, long id) {
    // equals and hashCode written out (same meaning as the generated ones): pids and refs are compared on every
    // send and call, and these inline where the generic record methods may not.
    @Override
    public boolean equals(Object o) {
        return o instanceof MonitorRef other && other.node == node && other.id == id;
    }

    @Override
    public int hashCode() {
        return 31 * node + Long.hashCode(id);
    }

    @Override
    public String toString() {
        return "#Ref<" + node + "." + id + ">";
    }
}
