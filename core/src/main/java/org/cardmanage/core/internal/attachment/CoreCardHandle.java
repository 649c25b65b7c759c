package org.cardmanage.core.internal.attachment;

import org.cardmanage.api.Atr;
import org.cardmanage.api.CardHandle;

/**
 * The core's handle for one card insertion. Unforgeable because the core accepts only instances of this class that
 * carry its own run token, which nothing outside the core can reach. It names the reader registration too: a driver
 * that restarts may count insertions from 1 again, and an old handle must not match the new card.
 */
public final class CoreCardHandle implements CardHandle {
    private final Object issuer;
    private final ReaderBinding binding;
    private final String readerName;
    private final long insertion;
    private final Atr atr;

    CoreCardHandle(Object issuer, ReaderBinding binding, String readerName, long insertion, Atr atr) {
        this.issuer = issuer;
        this.binding = binding;
        this.readerName = readerName;
        this.insertion = insertion;
        this.atr = atr;
    }

    @Override
    public String readerName() {
        return readerName;
    }

    @Override
    public Atr atr() {
        return atr;
    }

    public long insertion() {
        return insertion;
    }

    /** @return true if this handle names the given insertion of the given reader registration */
    boolean names(ReaderBinding currentBinding, long currentInsertion) {
        return binding == currentBinding && insertion == currentInsertion;
    }

    public boolean issuedBy(Object token) {
        return issuer == token;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CoreCardHandle that
                && issuer == that.issuer
                && binding == that.binding
                && insertion == that.insertion
                && readerName.equals(that.readerName);
    }

    @Override
    public int hashCode() {
        return readerName.hashCode() * 31 + Long.hashCode(insertion);
    }

    @Override
    public String toString() {
        return "CardHandle[" + readerName + " #" + insertion + (atr == null ? "" : ", " + atr) + "]";
    }
}
