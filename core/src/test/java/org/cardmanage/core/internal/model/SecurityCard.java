package org.cardmanage.core.internal.model;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.cardmanage.core.internal.testsupport.FakeReader;
import org.cardmanage.core.internal.testsupport.FakeSession;
import org.cardmanage.spi.ReaderTransport;

/**
 * The card in one fake reader, as far as its security state goes. VERIFY sets the state and remembers who verified
 * (the "PIN" names the verifier); the protected read answers 9000 while the state is set, 6982 otherwise; every other
 * command answers 9000.
 *
 * <p>A warm reset or a power-down clears the state, as on a real card. {@link FakeReader} cannot tell its card about
 * those, so this card reads them from the reader's call record, in order, before every command and whenever the model
 * asks: {@code end}, {@code disconnect} or {@code reconnect} with RESET or UNPOWER. A disconnect counts only if its
 * session was bound to the card now in the reader: a session whose card was removed no longer reaches the new card (in
 * PC/SC its RESET fails with "card removed"), and counting it would make the model lenient. A card inserted or removed
 * starts without security state ({@link #cardChanged}).
 *
 * <p>Thread-safe: the core calls it on whatever thread transmits, the model between steps.
 */
final class SecurityCard implements Function<byte[], byte[]> {
    private final FakeReader reader;
    private int callsSeen;
    private final Set<FakeSession> disconnectsCounted = new HashSet<>();
    private Integer verifier;
    private Integer verifierSeenByLastRead;

    SecurityCard(FakeReader reader) {
        this.reader = reader;
    }

    @Override
    public synchronized byte[] apply(byte[] command) {
        catchUp();
        if (CardCommands.isVerify(command)) {
            verifier = CardCommands.verifierOf(command);
            return CardCommands.status(CardCommands.SW_OK);
        }
        if (CardCommands.isReadProtected(command)) {
            verifierSeenByLastRead = verifier;
            return CardCommands.status(verifier != null ? CardCommands.SW_OK
                    : CardCommands.SW_SECURITY_STATUS_NOT_SATISFIED);
        }
        return CardCommands.status(CardCommands.SW_OK);
    }

    /** @return the number of whoever verified the PIN now in force, if one is */
    synchronized Optional<Integer> verifier() {
        catchUp();
        return Optional.ofNullable(verifier);
    }

    /** @return whose PIN the last protected read found in force, if any: the state the reader of it saw */
    synchronized Optional<Integer> verifierSeenByLastRead() {
        return Optional.ofNullable(verifierSeenByLastRead);
    }

    /**
     * A card was inserted or removed: whatever the reader recorded before belongs to the old card, which takes its
     * state with it. Call {@link #catchUp} before changing the card and this right after.
     */
    synchronized void cardChanged() {
        verifier = null;
    }

    /** Reads the reader's calls recorded since the last look and applies the resets among them. */
    synchronized void catchUp() {
        List<String> calls = reader.calls();
        for (int i = callsSeen; i < calls.size(); i++) {
            if (resetsTheCard(calls.get(i))) {
                verifier = null;
            }
        }
        callsSeen = calls.size();
    }

    private boolean resetsTheCard(String call) {
        if (call.equals("end RESET") || call.equals("end UNPOWER")) {
            return true;
        }
        if (call.startsWith("reconnect ") && (call.endsWith(" RESET") || call.endsWith(" UNPOWER"))) {
            return true;
        }
        if (call.equals("disconnect RESET") || call.equals("disconnect UNPOWER")) {
            return reachesTheCardInTheReader(call);
        }
        return false;
    }

    /**
     * Finds the session that made this disconnect (each session disconnects once) and tells whether it was bound to the
     * card now in the reader. Several uncounted sessions with the same disconnect can only be the resets of one burst
     * of owed disconnects, which the core makes one after another before anyone else is admitted; taking them in any
     * order clears the state at the same point between two commands.
     */
    private boolean reachesTheCardInTheReader(String call) {
        for (FakeSession session : reader.sessions()) {
            if (!disconnectsCounted.contains(session) && session.calls().contains(call)) {
                disconnectsCounted.add(session);
                Long current = insertionInTheReader();
                return current != null && session.insertion() == current;
            }
        }
        return false;
    }

    private Long insertionInTheReader() {
        Map<String, Object> properties = reader.properties();
        if (!Boolean.TRUE.equals(properties.get(ReaderTransport.CARD_PRESENT))) {
            return null;
        }
        return ((Number) properties.get(ReaderTransport.CARD_INSERTION)).longValue();
    }
}
