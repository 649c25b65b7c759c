package org.cardmanage.core.internal.attachment;

import org.cardmanage.api.CardException;
import org.cardmanage.api.CardIOException;

/**
 * Contains whatever a driver throws. A driver is untrusted code: an unchecked exception, or a linkage error from a
 * bundle that was just uninstalled, becomes a {@link CardIOException} that names the reader, the driver and the call,
 * so the caller gets a typed error and the core stays sound.
 */
public final class DriverGuard {

    /** A call into a driver. */
    @FunctionalInterface
    public interface DriverCall<T> {
        T call() throws CardException;
    }

    private DriverGuard() {
    }

    public static <T> T call(String readerName, String driverName, String operation, DriverCall<T> call)
            throws CardException {
        try {
            return call.call();
        } catch (CardException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            throw contain(readerName, driverName, operation, e);
        }
    }

    /**
     * Turns anything a driver threw into a {@link CardIOException}, except errors the VM cannot recover from, which
     * are rethrown as they are (a stack overflow is the driver's own and is contained).
     */
    public static CardIOException contain(String readerName, String driverName, String operation, Throwable thrown) {
        if (thrown instanceof VirtualMachineError fatal && !(fatal instanceof StackOverflowError)) {
            throw fatal;
        }
        return new CardIOException("driver '" + driverName + "' failed in " + operation + " on reader '"
                + readerName + "': " + thrown, thrown);
    }
}
