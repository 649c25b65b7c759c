package org.cardmanage.api;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * How to attach: the share mode, the acceptable protocols ({@code SCardConnect}'s {@code dwShareMode} and
 * {@code dwPreferredProtocols}) and whether the core completes ISO 7816 response chaining for the caller.
 * Immutable; start from {@link #shared()}, {@link #exclusive()} or {@link #direct()}.
 *
 * @since 1.0
 */
public final class AttachOptions {
    private static final Set<Protocol> ANY_PROTOCOL = Collections.unmodifiableSet(EnumSet.of(Protocol.T0, Protocol.T1));
    private static final AttachOptions SHARED = new AttachOptions(ShareMode.SHARED, ANY_PROTOCOL, true);

    private final ShareMode shareMode;
    private final Set<Protocol> protocols;
    private final boolean responseChaining;

    private AttachOptions(ShareMode shareMode, Set<Protocol> protocols, boolean responseChaining) {
        this.shareMode = shareMode;
        this.protocols = protocols;
        this.responseChaining = responseChaining;
    }

    /** @return shared access, T=0 or T=1, with response chaining: the defaults */
    public static AttachOptions shared() {
        return SHARED;
    }

    /** @return exclusive access, T=0 or T=1, with response chaining */
    public static AttachOptions exclusive() {
        return SHARED.withShareMode(ShareMode.EXCLUSIVE);
    }

    /** @return a direct connection to the reader, which needs no card */
    public static AttachOptions direct() {
        return SHARED.withShareMode(ShareMode.DIRECT);
    }

    /**
     * @param mode the share mode
     * @return a copy with that share mode
     * @throws IllegalArgumentException if mode is null
     */
    public AttachOptions withShareMode(ShareMode mode) {
        if (mode == null) {
            throw new IllegalArgumentException("share mode is null");
        }
        return new AttachOptions(mode, protocols, responseChaining);
    }

    /**
     * @param accepted the protocols the caller accepts; the driver picks one the card offers
     * @return a copy accepting only those protocols
     * @throws IllegalArgumentException if none is given or one is null
     */
    public AttachOptions withProtocols(Protocol... accepted) {
        if (accepted == null || accepted.length == 0) {
            throw new IllegalArgumentException("at least one protocol must be accepted");
        }
        EnumSet<Protocol> set = EnumSet.noneOf(Protocol.class);
        for (Protocol protocol : accepted) {
            if (protocol == null) {
                throw new IllegalArgumentException("protocol list contains null");
            }
            set.add(protocol);
        }
        return new AttachOptions(shareMode, Collections.unmodifiableSet(set), responseChaining);
    }

    /**
     * @param enabled true to let the core answer {@code 61xx} with GET RESPONSE and re-send on {@code 6Cxx} with the
     *     right Le (the default); false to hand every status word to the caller unchanged
     * @return a copy with that setting
     */
    public AttachOptions withResponseChaining(boolean enabled) {
        return new AttachOptions(shareMode, protocols, enabled);
    }

    /** @return the share mode */
    public ShareMode shareMode() {
        return shareMode;
    }

    /** @return the accepted protocols, unmodifiable */
    public Set<Protocol> protocols() {
        return protocols;
    }

    /** @return whether the core completes 61xx / 6Cxx exchanges for the caller */
    public boolean responseChaining() {
        return responseChaining;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AttachOptions that
                && shareMode == that.shareMode
                && protocols.equals(that.protocols)
                && responseChaining == that.responseChaining;
    }

    @Override
    public int hashCode() {
        return (shareMode.hashCode() * 31 + protocols.hashCode()) * 31 + Boolean.hashCode(responseChaining);
    }

    @Override
    public String toString() {
        return "AttachOptions[" + shareMode + ", " + protocols + (responseChaining ? "" : ", raw status words") + "]";
    }
}
