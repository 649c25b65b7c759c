package org.cardmanage.core.internal.attach;

import org.cardmanage.api.Atr;
import org.cardmanage.api.CardHandle;

/**
 * The core's handle for one card insertion. Unforgeable because the core accepts only instances of this class that
 * carry its own run token, which nothing outside the core can reach.
 */
public final class CoreCardHandle implements CardHandle {
    private final Object issuer;
    private final String readerName;
    private final long insertion;
    private final Atr atr;

    CoreCardHandle(Object issuer, String readerName, long insertion, Atr atr) {
        this.issuer = issuer;
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

    public boolean issuedBy(Object token) {
        return issuer == token;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CoreCardHandle that
                && issuer == that.issuer
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
