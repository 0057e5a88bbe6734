package io.fauxtp.genserver.internal;

import io.fauxtp.genserver.From;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Pid;
import io.fauxtp.process.internal.MailboxMessage;
import io.fauxtp.process.internal.ProcessImpl;

/** The messages the client side sends to a GenServer process. */
final class Envelopes {
    private Envelopes() {}

    /**
     * A call: the caller and its tag travel flat, and the server builds the {@link From} it hands to
     * {@code handleCall} itself, so a call moves one object less between the caller's core and the server's. It is
     * its own mailbox node ({@link MailboxMessage}).
     */
    static final class CallRequest extends MailboxMessage {
        private final Pid caller;
        private final long tag;
        private final Object request;
        /**
         * The calling process when it runs in this JVM (null for ordinary code): a reply needs no lookup. Let go of
         * once the server has handled the call, as the envelope may stay the head of the server's queue for a while.
         */
        private ProcessImpl callerProcess;

        CallRequest(Pid caller, long tag, Object request, ProcessImpl callerProcess) {
            this.caller = caller;
            this.tag = tag;
            this.request = request;
            this.callerProcess = callerProcess;
        }

        Object request() {
            return request;
        }

        /** Answers the call from the server {@code self}: straight into the caller's reply slot when it can. */
        void reply(ProcessImpl self, Object value) {
            if (callerProcess != null) {
                self.replyTo(callerProcess, tag, value);
            } else {
                GenServerRuntime.reply(from(), value);
            }
        }

        /** The server is done with this call (answered or not): the envelope no longer holds its caller. */
        void handled() {
            callerProcess = null; // after the reply: the store does not delay it
        }

        From from() {
            return new From(caller, tag);
        }

        @Override
        public String toString() {
            return "CallRequest[from=" + caller + ", tag=" + tag + ", request=" + request + "]";
        }
    }

    /** A cast; like {@link CallRequest}, its own mailbox node. */
    static final class CastRequest extends MailboxMessage {
        private final Object request;

        CastRequest(Object request) {
            this.request = request;
        }

        Object request() {
            return request;
        }

        @Override
        public String toString() {
            return "CastRequest[" + request + "]";
        }
    }

    record StopRequest(ExitReason reason) {}

    /** Asks a server for {@code formatStatus(state)}, as the request of a {@link CallRequest} (OTP's sys:get_status). */
    enum StatusRequest { INSTANCE }
}
