package org.cardmanage.driver.pcsc.internal.session;

import java.time.Duration;

import org.cardmanage.driver.pcsc.internal.fake.FakeCard;
import org.cardmanage.driver.pcsc.internal.fake.FakeClient;
import org.cardmanage.driver.pcsc.internal.fake.FakePcscd;
import org.cardmanage.driver.pcsc.internal.fake.FakeReader;
import org.cardmanage.driver.pcsc.internal.port.Pcsc;

/** The driver's session side on a fake pcscd: one reader with a card, and the shared parts the driver makes. */
final class SessionFixture implements AutoCloseable {
    static final String READER = "Fake Reader 00";
    static final byte[] ATR = {0x3B, (byte) 0x88, (byte) 0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x09};

    final FakePcscd pcscd = new FakePcscd();
    final FakeReader reader = pcscd.addReader(READER);
    final FakeCard card = FakeCard.answering9000(ATR);
    final FakeClient port;
    final ContextPool contexts;
    final Connector connector;
    final WaitGuard guard = new WaitGuard();
    final ReaderLink link;

    /** With libpcsclite refusing blocked calls at once (PCSCLITE_NO_BLOCKING), as the native backend sets it. */
    SessionFixture(Duration callTimeout) {
        this(callTimeout, true);
    }

    SessionFixture(Duration callTimeout, boolean refusedAtOnce) {
        port = refusedAtOnce ? pcscd.client() : pcscd.newClient("blocking", false);
        contexts = new ContextPool(port, 4);
        connector = new Connector(port, contexts);
        link = new ReaderLink(READER, new SessionTools(port, contexts, connector, guard, callTimeout, refusedAtOnce));
        insert(card, 1);
    }

    void insert(FakeCard inserted, long insertion) {
        reader.insert(inserted);
        link.card(new CardView(true, insertion, inserted.atr()));
    }

    void remove(long insertion) {
        reader.remove();
        link.card(new CardView(false, insertion, null));
    }

    /** Another process, holding a transaction on the card until {@link Foreign#close()}. */
    Foreign foreignTransaction() throws Exception {
        FakeClient other = pcscd.foreignClient();
        long context = other.establishContext();
        long handle = other.connect(context, READER, Pcsc.SCARD_SHARE_SHARED,
                Pcsc.SCARD_PROTOCOL_T0 | Pcsc.SCARD_PROTOCOL_T1).handle();
        other.beginTransaction(handle);
        return new Foreign(other, context, handle);
    }

    /** Another process's connection. */
    record Foreign(FakeClient client, long context, long handle) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            client.endTransaction(handle, Pcsc.SCARD_LEAVE_CARD);
            client.disconnect(handle, Pcsc.SCARD_LEAVE_CARD);
            client.releaseContext(context);
        }
    }

    @Override
    public void close() {
        link.close("the test ended");
        guard.close();
        connector.close();
        contexts.close();
    }
}
