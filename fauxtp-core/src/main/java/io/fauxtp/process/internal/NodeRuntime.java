package io.fauxtp.process.internal;

import io.fauxtp.process.*;
import io.fauxtp.registry.Registry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

/** The implementation behind {@link Node}. */
public final class NodeRuntime {
    public NodeRuntime(Node node, String name) { throw new UnsupportedOperationException("not yet"); }
    public static NodeRuntime byId(int id) { throw new UnsupportedOperationException("not yet"); }
    public static NodeRuntime of(Node node) { throw new UnsupportedOperationException("not yet"); }
    public Node node() { throw new UnsupportedOperationException("not yet"); }
    public int id() { throw new UnsupportedOperationException("not yet"); }
    public String name() { throw new UnsupportedOperationException("not yet"); }
    public Pid newPid() { throw new UnsupportedOperationException("not yet"); }
    public Pid spawn(SpawnOptions o, ProcessBody b) { throw new UnsupportedOperationException("not yet"); }
    public <T> void spawnTask(Pid pid, ProcessImpl owner, boolean link, Callable<T> work, BiConsumer<Object, ExitReason> onEnd) { throw new UnsupportedOperationException("not yet"); }
    public void send(Pid to, Object m) { throw new UnsupportedOperationException("not yet"); }
    public void send(String name, Object m) { throw new UnsupportedOperationException("not yet"); }
    public void exitSignal(Pid p, ExitReason r) { throw new UnsupportedOperationException("not yet"); }
    public boolean isAlive(Pid p) { throw new UnsupportedOperationException("not yet"); }
    public Optional<ProcessInfo> info(Pid p) { throw new UnsupportedOperationException("not yet"); }
    public List<Pid> processes() { throw new UnsupportedOperationException("not yet"); }
    public int processCount() { throw new UnsupportedOperationException("not yet"); }
    public Registry registry() { throw new UnsupportedOperationException("not yet"); }
    public NodeEvents events() { throw new UnsupportedOperationException("not yet"); }
    public boolean isClosed() { throw new UnsupportedOperationException("not yet"); }
    public void close() { throw new UnsupportedOperationException("not yet"); }
}
