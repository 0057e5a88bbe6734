package io.fauxtp.workflow;

/** A {@link SuspensionStore} could not read or write; the cause says why. */
public final class SuspensionStoreException extends RuntimeException {

    public SuspensionStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
