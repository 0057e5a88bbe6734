package io.fauxtp.supervisor.internal;

import io.fauxtp.genserver.GenServer;
import io.fauxtp.genserver.StartOptions;
import io.fauxtp.process.Pid;
import io.fauxtp.process.ProcessContext;
import io.fauxtp.supervisor.DynamicSupervisorSpec;
import io.fauxtp.supervisor.StartFunction;
import io.fauxtp.supervisor.SupervisorSpec;

/** The start functions behind {@code ChildSpec.genServer/supervisor/dynamicSupervisor}. */
public final class ChildStarts {

    private ChildStarts() {}

    /**
     * A start function that registers the child's name itself, before the child's {@code init}, so the
     * supervisor passes the spec's name instead of registering the pid afterwards.
     */
    public interface NamedStart extends StartFunction {
        Pid start(ProcessContext parent, String name) throws Exception;
    }

    public static StartFunction genServer(GenServer<?> behaviour, Object args, StartOptions options) {
        return new GenServerStart(behaviour, args, options);
    }

    public static StartFunction supervisor(SupervisorSpec spec) {
        return new SupervisorStart(new SupervisorProcess.Config.Static(spec));
    }

    public static StartFunction dynamicSupervisor(DynamicSupervisorSpec spec) {
        return new SupervisorStart(new SupervisorProcess.Config.Dynamic(spec));
    }

    /** Starts a GenServer linked to the supervisor. */
    record GenServerStart(GenServer<?> behaviour, Object args, StartOptions options) implements NamedStart {
        @Override
        public Pid start(ProcessContext parent) {
            return GenServer.startLink(behaviour, args, options);
        }

        @Override
        public Pid start(ProcessContext parent, String name) {
            return GenServer.startLink(behaviour, args, options.withName(name));
        }
    }

    /** Starts a child supervisor linked to the supervisor. */
    record SupervisorStart(SupervisorProcess.Config config) implements NamedStart {
        @Override
        public Pid start(ProcessContext parent) {
            return SupervisorProcess.startLink(config, null);
        }

        @Override
        public Pid start(ProcessContext parent, String name) {
            return SupervisorProcess.startLink(config, name);
        }
    }
}
