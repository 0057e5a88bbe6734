package io.fauxtp.genserver.internal;

import io.fauxtp.genserver.From;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Pid;
import io.fauxtp.process.internal.CallerSide;
import io.fauxtp.process.internal.MailboxMessage;
import io.fauxtp.process.internal.OrdinaryCaller;
import io.fauxtp.process.internal.ProcessImpl;
import io.fauxtp.process.internal.ReplyCell;

/** The messages the client side sends to a GenServer process. */
final class Envelopes {
    private Envelopes() {}

    /**
     * A call: the caller and its tag travel flat, and the server builds the {@link From} it hands to
     * {@code handleCall} itself, so a call moves one object less between the caller's core and the server's. It is
     * its own mailbox node, and the cell its reply is written into ({@link ReplyCell}), whether the caller is a
     * process or ordinary code of this JVM.
     */
    static final class CallRequest extends ReplyCell {
        private final Pid caller;
        private final Object request;
        /**
         * The calling process when it runs in this JVM (null for ordinary code): a reply needs no lookup. Let go of
         * once the server has handled the call, as the envelope may stay the head of the server's queue for a while.
         */
        private ProcessImpl callerProcess;
        /** What the node's RequestObserver carries from the caller to the handling, or null (no observer). */
        final Object context;

        CallRequest(Pid caller, long tag, Object request, ProcessImpl callerProcess, Object context) {
            super(tag);
            this.caller = caller;
            this.request = request;
            this.callerProcess = callerProcess;
            this.context = context;
        }

        Object request() {
            return request;
        }

        /** Answers the call from the server {@code self}: straight into this envelope, the caller's cell. */
        void reply(ProcessImpl self, Object value) {
            ProcessImpl caller = callerProcess;
            if (caller != null) {
                // let go of before the reply: after it, the caller reads this line, and a store would take it back
                callerProcess = null;
                CallerSide.replyTo(self, caller, this, value);
            } else {
                OrdinaryCaller.deliverInto(this, value); // ordinary code of this JVM waits on the cell itself
            }
        }

        /** The server is done with this call (answered or not): the envelope no longer holds its caller. */
        void handled() {
            if (callerProcess != null) { // answered calls let go of it already (see reply)
                callerProcess = null;
            }
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
        /** What the node's RequestObserver carries from the sender to the handling, or null (no observer). */
        final Object context;

        CastRequest(Object request, Object context) {
            this.request = request;
            this.context = context;
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
