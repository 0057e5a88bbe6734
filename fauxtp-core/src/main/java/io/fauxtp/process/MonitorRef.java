package io.fauxtp.process;

/**
 * The reference of one monitor, as returned by {@link ProcessContext#monitor(Pid)} and carried by the
 * {@link Down} message it produces. Unique within its node.
 */
public record MonitorRef(int node, long id) {
    @Override
    public String toString() {
        return "#Ref<" + node + "." + id + ">";
    }
}
