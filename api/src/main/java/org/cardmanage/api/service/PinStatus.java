package org.cardmanage.api.service;

import java.util.OptionalInt;

/**
 * The state of a PIN reference as {@link PinVerification#status(int)} reports it: verified, blocked, or neither with
 * the tries left when the card says. Immutable.
 *
 * @since 1.0
 */
public final class PinStatus {
    private static final PinStatus VERIFIED = new PinStatus(true, false, -1);
    private static final PinStatus BLOCKED = new PinStatus(false, true, 0);
    private static final PinStatus NOT_VERIFIED = new PinStatus(false, false, -1);

    private final boolean verified;
    private final boolean blocked;
    private final int retriesLeft;

    private PinStatus(boolean verified, boolean blocked, int retriesLeft) {
        this.verified = verified;
        this.blocked = blocked;
        this.retriesLeft = retriesLeft;
    }

    /** @return the status of a reference verified in the current security state */
    public static PinStatus verified() {
        return VERIFIED;
    }

    /** @return the status of a blocked reference */
    public static PinStatus blocked() {
        return BLOCKED;
    }

    /**
     * @param retriesLeft the tries left, at least 1; or -1 when the card does not say
     * @return the status of a reference not verified yet
     * @throws IllegalArgumentException if retriesLeft is 0 (that is {@link #blocked()}) or below -1
     */
    public static PinStatus notVerified(int retriesLeft) {
        if (retriesLeft == -1) {
            return NOT_VERIFIED;
        }
        if (retriesLeft < 1) {
            throw new IllegalArgumentException("retries left must be at least 1 (or -1 for unknown), was "
                    + retriesLeft + "; a reference with no tries left is blocked()");
        }
        return new PinStatus(false, false, retriesLeft);
    }

    /** @return true if the reference is verified in the current security state of the card */
    public boolean isVerified() {
        return verified;
    }

    /** @return true if the reference is blocked */
    public boolean isBlocked() {
        return blocked;
    }

    /** @return the tries left, if the card says; 0 when blocked */
    public OptionalInt retriesLeft() {
        return retriesLeft < 0 ? OptionalInt.empty() : OptionalInt.of(retriesLeft);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PinStatus that && verified == that.verified && blocked == that.blocked
                && retriesLeft == that.retriesLeft;
    }

    @Override
    public int hashCode() {
        return (verified ? 1 : 0) + (blocked ? 2 : 0) + 4 * (retriesLeft + 1);
    }

    /** @return e.g. {@code PinStatus[not verified, 2 retries left]} */
    @Override
    public String toString() {
        if (verified) {
            return "PinStatus[verified]";
        }
        if (blocked) {
            return "PinStatus[blocked]";
        }
        return "PinStatus[not verified" + (retriesLeft < 0 ? "" : ", " + retriesLeft
                + (retriesLeft == 1 ? " retry left" : " retries left")) + "]";
    }
}
