package io.fauxtp.otp;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Skips a differential test class when Erlang/OTP is not installed, except in CI ({@code CI=true}), where the
 * test then runs and fails on the missing Erlang.
 */
public final class ErlangAvailable implements SkipExecutionHook {

    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
        if (ErlangDriver.findEscript() != null || "true".equalsIgnoreCase(System.getenv("CI"))) {
            return SkipResult.doNotSkip();
        }
        return SkipResult.skip("Erlang/OTP (escript) is not on the PATH; the differential tests against Erlang "
                + "need it (apt-get install erlang-nox; .ci/run installs it)");
    }
}
