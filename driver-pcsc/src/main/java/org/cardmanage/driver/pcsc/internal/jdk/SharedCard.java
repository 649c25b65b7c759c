package org.cardmanage.driver.pcsc.internal.jdk;

import javax.smartcardio.Card;

/**
 * One {@code javax.smartcardio.Card}: the JDK hands out one per reader per JVM, and {@link JdkHandles} emulates PC/SC
 * handles over it. Its fields are {@link JdkHandles}' state, guarded by its lock and changed only on the reader's
 * {@link TerminalThread}.
 */
final class SharedCard {
    final Card card;
    final boolean direct;
    /** The {@code Pcsc.SCARD_PROTOCOL_*} the card was connected with. */
    final int protocol;
    /** The handles on this card. */
    int users;
    /** Reset by one of its handles ({@code disconnect(true)}): the JDK object is dead, the others are due a warning. */
    boolean reset;
    /** The handle holding the transaction ({@code beginExclusive}), 0 if none. */
    long owner;
    /** How many times the owner began the transaction without ending it (pcsc-lite counts them). */
    int depth;

    SharedCard(Card card, boolean direct) {
        this.card = card;
        this.direct = direct;
        this.protocol = JdkModes.protocol(card.getProtocol());
    }
}
