package io.fauxtp.process.internal;

import io.fauxtp.process.*;

/** One process. */
public abstract class ProcessImpl implements ProcessContext {
    public static ProcessImpl current() { return null; }
    public static ProcessImpl requireCurrent(String what) { throw new UnsupportedOperationException("not yet"); }
    public abstract NodeRuntime runtime();
}
