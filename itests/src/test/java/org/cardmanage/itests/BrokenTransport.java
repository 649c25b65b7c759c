package org.cardmanage.itests;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;
import java.util.Set;

import org.cardmanage.api.Atr;
import org.cardmanage.api.CardException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.Protocol;
import org.cardmanage.api.ShareMode;
import org.cardmanage.spi.CardSession;
import org.cardmanage.spi.ReaderTransport;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * A hand-written, buggy driver: a reader transport registered by the test, with a card present, whose calls throw
 * unchecked exceptions the way a broken third-party driver would.
 */
public final class BrokenTransport implements ReaderTransport {
    /** The reader it offers. */
    public static final String READER = "Broken Reader";

    /** What is broken. */
    public enum Flaw {
        /** {@code connect} throws a RuntimeException. */
        CONNECT_THROWS,
        /** {@code connect} works; the session's {@code transmit} throws a NullPointerException. */
        TRANSMIT_THROWS_NPE
    }

    private final Flaw flaw;
    private ServiceRegistration<ReaderTransport> registration;

    private BrokenTransport(Flaw flaw) {
        this.flaw = flaw;
    }

    /** Registers a broken transport for {@link #READER}. */
    public static BrokenTransport register(BundleContext context, Flaw flaw) {
        BrokenTransport transport = new BrokenTransport(flaw);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(READER_NAME, READER);
        properties.put(DRIVER_NAME, "broken");
        properties.put(CARD_PRESENT, Boolean.TRUE);
        properties.put(CARD_ATR, CardmanageTestBase.DEMO_ATR);
        properties.put(CARD_INSERTION, 1L);
        transport.registration = context.registerService(ReaderTransport.class, transport, properties);
        return transport;
    }

    public void unregister() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }

    @Override
    public CardSession connect(ShareMode shareMode, Set<Protocol> protocols) {
        if (flaw == Flaw.CONNECT_THROWS) {
            throw new IllegalStateException("broken driver: connect failed");
        }
        return new BrokenSession();
    }

    /** A session whose transmit fails the way a null dereference in a driver does. */
    private static final class BrokenSession implements CardSession {
        private final Atr atr = Atr.parseHex(CardmanageTestBase.DEMO_ATR);

        @Override
        public Optional<Atr> atr() {
            return Optional.of(atr);
        }

        @Override
        public Optional<Protocol> protocol() {
            return Optional.of(Protocol.T1);
        }

        @Override
        public long insertion() {
            return 1L;
        }

        @Override
        public byte[] transmit(byte[] command) {
            throw new NullPointerException("broken driver: no response buffer");
        }

        @Override
        public byte[] control(int controlCode, byte[] data) {
            return new byte[0];
        }

        @Override
        public void beginTransaction() {
        }

        @Override
        public void endTransaction(Disposition disposition) {
        }

        @Override
        public void reconnect(ShareMode shareMode, Set<Protocol> protocols, Disposition initialization) {
        }

        @Override
        public void disconnect(Disposition disposition) throws CardException {
        }
    }
}
