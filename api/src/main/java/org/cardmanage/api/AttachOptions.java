package org.cardmanage.api;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How to attach: the share mode, the acceptable protocols ({@code SCardConnect}'s {@code dwShareMode} and
 * {@code dwPreferredProtocols}), whether the core completes ISO 7816 response chaining for the caller, and the
 * principal the calling bundle attaches for, if any. Immutable; start from {@link #shared()}, {@link #exclusive()} or
 * {@link #direct()}.
 *
 * @since 1.0
 */
public final class AttachOptions {
    private static final Set<Protocol> ANY_PROTOCOL = Collections.unmodifiableSet(EnumSet.of(Protocol.T0, Protocol.T1));
    private static final AttachOptions SHARED = new AttachOptions(ShareMode.SHARED, ANY_PROTOCOL, true, null);
    private static final int MAX_PRINCIPAL_LENGTH = 200;

    private final ShareMode shareMode;
    private final Set<Protocol> protocols;
    private final boolean responseChaining;
    private final String principal;

    private AttachOptions(ShareMode shareMode, Set<Protocol> protocols, boolean responseChaining, String principal) {
        this.shareMode = shareMode;
        this.protocols = protocols;
        this.responseChaining = responseChaining;
        this.principal = principal;
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
        return new AttachOptions(mode, protocols, responseChaining, principal);
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
        return new AttachOptions(shareMode, Collections.unmodifiableSet(set), responseChaining, principal);
    }

    /**
     * @param enabled true to let the core answer {@code 61xx} with GET RESPONSE and re-send on {@code 6Cxx} with the
     *     right Le (the default); false to hand every status word to the caller unchanged
     * @return a copy with that setting
     */
    public AttachOptions withResponseChaining(boolean enabled) {
        return new AttachOptions(shareMode, protocols, enabled, principal);
    }

    /**
     * Attaches for a principal on behalf of the calling bundle: a bundle that serves several clients (a card farm's
     * remote endpoint, each client known by its TLS certificate) narrows its identity to the one it acts for. The
     * core's reader access policy matches a bundle glob that contains {@code /} against
     * {@code SYMBOLIC-NAME/PRINCIPAL} (e.g. {@code org.cardmanage.remote/cn=app-1}), so the rule
     * {@code allow org.cardmanage.remote/cn=app-1 = Sim*} admits only that client; a glob without {@code /} is
     * matched against the bundle's symbolic name as before, so {@code * = ...} rules match everyone and a rule
     * written for the bundle covers every principal it attaches for. Listings and messages name the owner as the
     * bundle followed by {@code for PRINCIPAL}. A principal can only narrow the calling bundle's identity, never
     * claim another bundle's. The principal is fixed at attach: a reconnect keeps it.
     *
     * @param principal who the attachment is for: 1 to 200 characters, not all white space, printable (no control,
     *     line-separator or format characters, no lone surrogates)
     * @return a copy attaching for that principal
     * @throws IllegalArgumentException if principal is null, empty, blank, longer than 200 characters or not
     *     printable; the message gives the length or the offending character's code point, never the principal
     * @since 1.3
     */
    public AttachOptions withPrincipal(String principal) {
        checkPrincipal(principal);
        return new AttachOptions(shareMode, protocols, responseChaining, principal);
    }

    private static void checkPrincipal(String principal) {
        if (principal == null) {
            throw new IllegalArgumentException("principal is null");
        }
        int length = principal.length();
        if (length == 0 || length > MAX_PRINCIPAL_LENGTH) {
            throw new IllegalArgumentException("principal has " + length + " characters; it must have 1 to "
                    + MAX_PRINCIPAL_LENGTH);
        }
        if (principal.isBlank()) {
            throw new IllegalArgumentException("principal is all white space (" + length + " characters)");
        }
        principal.codePoints().filter(AttachOptions::unprintable).findFirst().ifPresent(cp -> {
            throw new IllegalArgumentException(String.format("principal contains the unprintable character U+%04X; "
                    + "control, format and line-separator characters are not allowed", cp));
        });
    }

    /**
     * Control characters (line feed, escape, NEL), line and paragraph separators, format characters (bidi overrides,
     * zero-width ones) and lone surrogates: what could forge a line or disguise text in a log or a listing.
     */
    private static boolean unprintable(int codePoint) {
        int type = Character.getType(codePoint);
        return Character.isISOControl(codePoint) || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT || type == Character.SURROGATE;
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

    /**
     * @return the principal the calling bundle attaches for ({@link #withPrincipal(String)}), or empty when it
     *     attaches for itself (the default)
     * @since 1.3
     */
    public Optional<String> principal() {
        return Optional.ofNullable(principal);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AttachOptions that
                && shareMode == that.shareMode
                && protocols.equals(that.protocols)
                && responseChaining == that.responseChaining
                && Objects.equals(principal, that.principal);
    }

    @Override
    public int hashCode() {
        return Objects.hash(shareMode, protocols, responseChaining, principal);
    }

    @Override
    public String toString() {
        return "AttachOptions[" + shareMode + ", " + protocols + (responseChaining ? "" : ", raw status words")
                + (principal == null ? "" : ", for " + principal) + "]";
    }
}
