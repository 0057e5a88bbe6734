package io.fauxtp.otp;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a differential test class when Erlang/OTP is not installed, except in CI ({@code CI=true}), where the
 * test then runs and fails on the missing Erlang.
 */
public final class ErlangAvailable implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (ErlangDriver.findEscript() != null || "true".equalsIgnoreCase(System.getenv("CI"))) {
            return ConditionEvaluationResult.enabled("Erlang/OTP is available (or this is CI)");
        }
        return ConditionEvaluationResult.disabled("Erlang/OTP (escript) is not on the PATH; the differential "
                + "tests against Erlang need it (apt-get install erlang-nox; .ci/run installs it)");
    }
}
