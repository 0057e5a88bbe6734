package io.fauxtp.otp;

import java.util.List;

/**
 * A process scenario of the differential test: an observer O (trapping exits or not) and a target T (a plain
 * process or a GenServer, trapping exits or not); O links to, unlinks from and monitors T, T exits or is sent
 * exit signals, calls and stops go to a GenServer T. {@link #erlang()} is the term the Erlang driver reads.
 *
 * @param ops each {@code link}, {@code unlink}, {@code monitor}, {@code call_ping}, {@code call_crash}, or a
 *            {@code {exit_signal|self_exit|call_stop|gen_stop, Reason}} pair written as Erlang
 */
record ProcessScenario(boolean observerTraps, boolean targetIsServer, boolean targetTraps, List<String> ops) {

    String erlang() {
        return "{proc, " + observerTraps + ", " + (targetIsServer ? "server" : "plain") + ", " + targetTraps + ", ["
                + String.join(", ", ops) + "]}";
    }

    @Override
    public String toString() {
        return erlang();
    }
}
