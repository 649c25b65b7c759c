package org.cardmanage.remote.internal.policy;

import java.util.List;
import java.util.Locale;

import org.cardmanage.api.CardFilter;

/**
 * What one client identity may do on the farm: which readers (globs with {@code *} and {@code ?}), how many sessions
 * at once, how long it may hold a reader exclusively (an EXCLUSIVE session or a card lock), and how many PIN-class
 * commands it may send to one card per minute.
 *
 * @param number the rule's position in the configuration, from 1, for messages
 * @param identity the identity it grants, as {@link #matches} compares it, e.g. {@code cn=app-1}
 * @param readerGlobs the reader names it allows
 * @param maxSessions sessions open at once, at least 1
 * @param maxExclusiveMs the longest exclusive hold in milliseconds
 * @param verifyPerMinute PIN-class commands per card per minute, 0 for none
 */
public record ClientRule(int number, String identity, List<String> readerGlobs, int maxSessions,
        long maxExclusiveMs, int verifyPerMinute) {

    /** The identity of every plaintext peer of an insecure, loopback-only farm. */
    public static final String ANONYMOUS = "anonymous";

    public ClientRule {
        readerGlobs = List.copyOf(readerGlobs);
    }

    /**
     * @param names the names a peer's certificate gives, in the forms of {@code PeerIdentity.names()}
     * @return whether the rule's identity is one of them (DNS names compare without regard to case)
     */
    public boolean matches(List<String> names) {
        for (String name : names) {
            if (identity.startsWith("dns=") ? identity.equalsIgnoreCase(name) : identity.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the rule allows the reader */
    public boolean allowsReader(String readerName) {
        for (String glob : readerGlobs) {
            if (CardFilter.any().withReaderPattern(glob).matchesReader(readerName)) {
                return true;
            }
        }
        return false;
    }

    /** @return the rule as messages show it */
    public String describe() {
        return "client rule " + number + " (" + identity.toLowerCase(Locale.ROOT).replaceAll("[\\p{Cntrl}]", "?")
                + ")";
    }
}
