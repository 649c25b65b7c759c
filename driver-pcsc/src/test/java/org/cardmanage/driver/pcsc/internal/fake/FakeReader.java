package org.cardmanage.driver.pcsc.internal.fake;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;
import org.cardmanage.driver.pcsc.internal.port.ReaderStateQuery;

/**
 * One reader of the {@link FakePcscd}: the hardware a test controls (the card in it, whether it can power a card down
 * or eject it, its attributes and {@code SCardControl} answers) and pcscd's {@code READER_CONTEXT} for it, as
 * {@code readerfactory.c} and {@code eventhandler.c} keep it:
 * <ul>
 * <li>{@code readerState} ({@code SCARD_ABSENT}, or {@code SCARD_PRESENT} with {@code SCARD_POWERED|SCARD_NEGOTIABLE}
 * when powered, alone after an UNPOWER, with {@code SCARD_SWALLOWED} when a power action failed), the ATR and the
 * negotiated protocol (undefined again after every power-up or reset);</li>
 * <li>{@code eventCounter}, incremented by the status thread ({@code EHStatusHandlerThread}) on each insertion and
 * each removal it notices, reported in the upper 16 bits of the event state;</li>
 * <li>{@code contexts} ({@code readerSharing}: -1 exclusive, 0 none, n shared handles) and the transaction lock
 * {@code hLockId}/{@code LockCount} ({@code RFLockSharing}, {@code RFUnlockSharing}, {@code RFUnlockAllSharing},
 * {@code RFCheckSharing}): a transaction belongs to a handle, not a thread; an EXCLUSIVE handle holds it for its life;
 * a removal clears it ({@code RFSetReaderEventState(SCARD_REMOVED)});</li>
 * <li>the handle list with each handle's event status ({@code RFSetReaderEventState}, {@code RFCheckReaderEventState}:
 * W_RESET_CARD or W_REMOVED_CARD on every call that checks it until {@code SCardReconnect} clears it);</li>
 * <li>the IFD handler's one-call-at-a-time mutex ({@code rContext->mMutex}, {@code ifdwrapper.c}).</li>
 * </ul>
 * A removal is noticed at once by {@link #remove()}; {@link #pullCard()} takes the card out without pcscd noticing yet
 * (its status poll runs every 0.4 s): calls then fail as the IFD handler makes them fail ({@code SCARD_E_NOT_TRANSACTED}
 * for a transmit, as measured with vpcd) until {@link #noticeRemoval()}.
 *
 * <p>Not modelled: readers in error ({@code SCARD_UNKNOWN}), cards that fail to power up, pcscd's automatic power-down
 * of an idle card after its grace period, the IFD handler's own PPS failures.
 */
public final class FakeReader {
    /** {@code SCardControl} as the reader's IFD handler answers it. */
    @FunctionalInterface
    public interface ControlFunction {
        /** @throws PcscException with the code {@code IFDControl} maps the handler's failure to */
        byte[] control(int controlCode, byte[] input) throws PcscException;
    }

    /** pcsc-lite's {@code CM_IOCTL_GET_FEATURE_REQUEST} function number. */
    static final int GET_FEATURE_REQUEST = 3400;
    static final int SCARD_ATTR_DEVICE_FRIENDLY_NAME = 0x7FFF0003;
    static final int SCARD_ATTR_DEVICE_SYSTEM_NAME = 0x7FFF0004;

    private final FakePcscd pcscd;
    private final String name;

    // the hardware
    private FakeCard card;
    private boolean powerManagement = true;
    private boolean eject;
    private final Map<Integer, byte[]> attributes = new HashMap<>();
    private ControlFunction control = FakeReader::defaultControl;
    private final Deque<CallGate> apduHolds = new ArrayDeque<>();

    // pcscd's READER_CONTEXT
    boolean unplugged;
    int readerState = Pcsc.SCARD_ABSENT;
    byte[] atr = new byte[0];
    int availableProtocols;
    int cardProtocol;
    /** powerState == POWER_STATE_UNPOWERED. */
    boolean unpowered;
    int eventCounter;
    int contexts;
    long lockId;
    int lockCount;
    final List<FakeHandle> handles = new ArrayList<>();
    private boolean ifdBusy;

    FakeReader(FakePcscd pcscd, String name) {
        this.pcscd = pcscd;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Inserts a card; a running pcscd powers it up and counts the event. */
    public FakeReader insert(FakeCard newCard) {
        pcscd.lock.lock();
        try {
            if (card != null) {
                throw new IllegalStateException(name + " already holds " + card);
            }
            card = newCard;
            if (pcscd.running && !unplugged) {
                noticeInsertion();
                eventCounter = (eventCounter + 1) & 0xFFFF;
                pcscd.changed();
            }
            return this;
        } finally {
            pcscd.lock.unlock();
        }
    }

    /** Removes the card and lets pcscd notice it at once: its handles get W_REMOVED_CARD, a transaction ends. */
    public void remove() {
        pcscd.lock.lock();
        try {
            pullCard();
            noticeRemoval();
        } finally {
            pcscd.lock.unlock();
        }
    }

    /** Takes the card out before pcscd notices: an APDU held in the card fails, later ones are not transacted. */
    public void pullCard() {
        pcscd.lock.lock();
        try {
            card = null;
            pcscd.changed();
        } finally {
            pcscd.lock.unlock();
        }
    }

    /** pcscd's status thread notices that the card is gone (after {@link #pullCard()}). */
    public void noticeRemoval() {
        pcscd.lock.lock();
        try {
            if (card == null && pcscd.running && !unplugged && (readerState & Pcsc.SCARD_PRESENT) != 0) {
                setEventState(FakeHandle.EVENT_REMOVED);
                atr = new byte[0];
                cardProtocol = Pcsc.SCARD_PROTOCOL_UNDEFINED;
                readerState = Pcsc.SCARD_ABSENT;
                eventCounter = (eventCounter + 1) & 0xFFFF;
                pcscd.changed();
            }
        } finally {
            pcscd.lock.unlock();
        }
    }

    /** @return the card physically in the reader, or null */
    public FakeCard card() {
        pcscd.lock.lock();
        try {
            return card;
        } finally {
            pcscd.lock.unlock();
        }
    }

    /** @return pcscd's event counter for this reader */
    public int eventCounter() {
        pcscd.lock.lock();
        try {
            return eventCounter;
        } finally {
            pcscd.lock.unlock();
        }
    }

    /** @return the event state {@code SCardGetStatusChange} reports now for this reader (counter in the upper bits) */
    public int eventState() {
        pcscd.lock.lock();
        try {
            ReaderStateQuery query = new ReaderStateQuery(name, Pcsc.SCARD_STATE_UNAWARE);
            new FakeStatusChange(pcscd, new ReaderStateQuery[] {query}).evaluate();
            return query.eventState() & ~Pcsc.SCARD_STATE_CHANGED;
        } finally {
            pcscd.lock.unlock();
        }
    }

    /** @return whether a handle holds a transaction (or an EXCLUSIVE connection) on this reader */
    public boolean inTransaction() {
        pcscd.lock.lock();
        try {
            return lockId != 0;
        } finally {
            pcscd.lock.unlock();
        }
    }

    /** @return how many handles pcscd has on this reader */
    public int handleCount() {
        pcscd.lock.lock();
        try {
            return handles.size();
        } finally {
            pcscd.lock.unlock();
        }
    }

    /**
     * Whether the IFD handler can power a card down (default true; {@code SCARD_ATTR_POWER_MGMT_SUPPORT}). Without it an
     * UNPOWER disconnect still succeeds, but pcscd marks the card mute ({@code SCARD_SWALLOWED}) until the next connect
     * powers it up, as {@code SCardDisconnect} does when {@code IFDPowerICC(IFD_POWER_DOWN)} fails.
     */
    public FakeReader powerManagement(boolean supported) {
        pcscd.lock.lock();
        try {
            powerManagement = supported;
            return this;
        } finally {
            pcscd.lock.unlock();
        }
    }

    /**
     * Whether the reader can eject a card (default false). pcscd ignores a failed eject (it only logs "Error ejecting
     * card."), so EJECT on a reader without it acts as LEAVE and still succeeds.
     */
    public FakeReader eject(boolean supported) {
        pcscd.lock.lock();
        try {
            eject = supported;
            return this;
        } finally {
            pcscd.lock.unlock();
        }
    }

    /** Sets what {@code SCardGetAttrib} answers for an attribute (overriding the built-in ones). */
    public FakeReader attribute(int attributeId, byte[] value) {
        pcscd.lock.lock();
        try {
            attributes.put(attributeId, value.clone());
            return this;
        } finally {
            pcscd.lock.unlock();
        }
    }

    /** Sets how the reader answers {@code SCardControl}; by default an empty feature list and UNSUPPORTED_FEATURE. */
    public FakeReader control(ControlFunction function) {
        pcscd.lock.lock();
        try {
            control = function;
            return this;
        } finally {
            pcscd.lock.unlock();
        }
    }

    /** The next APDU reaches the card (and is logged) but is answered only when the gate is released. */
    public CallGate holdNextApdu() {
        pcscd.lock.lock();
        try {
            CallGate gate = new CallGate("APDU", pcscd.lock, pcscd.changed);
            apduHolds.add(gate);
            return gate;
        } finally {
            pcscd.lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "FakeReader[" + name + "]";
    }

    // ---- pcscd's side; the fake's lock is held ----

    /** The status thread sees a card: power it up ({@code EHStatusHandlerThread}). */
    void noticeInsertion() {
        card.poweredUp();
        atr = card.atr();
        availableProtocols = card.protocols();
        cardProtocol = Pcsc.SCARD_PROTOCOL_UNDEFINED;
        readerState = Pcsc.SCARD_PRESENT | Pcsc.SCARD_POWERED | Pcsc.SCARD_NEGOTIABLE;
        unpowered = false;
    }

    /** pcscd stops: every handle, lock and share is gone; the hardware stays. */
    void serviceStopped() {
        handles.clear();
        contexts = 0;
        lockId = 0;
        lockCount = 0;
    }

    /** pcscd starts: the reader's thread starts from scratch (event counter 0, no event for a card already in). */
    void serviceStarted() {
        eventCounter = 0;
        if (card != null) {
            noticeInsertion();
        } else {
            readerState = Pcsc.SCARD_ABSENT;
            atr = new byte[0];
            cardProtocol = Pcsc.SCARD_PROTOCOL_UNDEFINED;
        }
    }

    int checkSharing(FakeHandle handle) {
        return lockId == 0 || lockId == handle.id ? Pcsc.SCARD_S_SUCCESS : Pcsc.SCARD_E_SHARING_VIOLATION;
    }

    int lockSharing(FakeHandle handle) {
        int rv = checkSharing(handle);
        if (rv == Pcsc.SCARD_S_SUCCESS) {
            lockCount++;
            lockId = handle.id;
            pcscd.changed();
        }
        return rv;
    }

    int unlockSharing(FakeHandle handle) {
        int rv = checkSharing(handle);
        if (rv != Pcsc.SCARD_S_SUCCESS) {
            return rv;
        }
        if (contexts == -1) {
            if (lockCount > 1) {
                lockCount--;
            } else {
                return Pcsc.SCARD_E_NOT_TRANSACTED;
            }
        } else if (lockCount > 0) {
            lockCount--;
            if (lockCount == 0) {
                lockId = 0;
            }
        } else {
            return Pcsc.SCARD_E_NOT_TRANSACTED;
        }
        pcscd.changed();
        return rv;
    }

    int unlockAllSharing(FakeHandle handle) {
        int rv = checkSharing(handle);
        if (rv == Pcsc.SCARD_S_SUCCESS) {
            lockCount = 0;
            lockId = 0;
            pcscd.changed();
        }
        return rv;
    }

    /** {@code RFSetReaderEventState}: every handle of the reader, the caller's too. */
    void setEventState(int event) {
        for (FakeHandle handle : handles) {
            handle.eventStatus = event;
        }
        if (event == FakeHandle.EVENT_REMOVED) {
            lockId = 0;
            lockCount = 0;
        }
        pcscd.changed();
    }

    /** {@code RFCheckReaderEventState}. */
    int checkEventState(FakeHandle handle) {
        if (!handles.contains(handle)) {
            return Pcsc.SCARD_E_INVALID_HANDLE;
        }
        switch (handle.eventStatus) {
            case 0:
                return Pcsc.SCARD_S_SUCCESS;
            case FakeHandle.EVENT_REMOVED:
                return Pcsc.SCARD_W_REMOVED_CARD;
            case FakeHandle.EVENT_RESET:
                return Pcsc.SCARD_W_RESET_CARD;
            default:
                return Pcsc.SCARD_E_INVALID_VALUE;
        }
    }

    /** {@code IFDPowerICC(IFD_POWER_UP)}. */
    int powerUp() {
        if (card == null) {
            return Pcsc.SCARD_W_REMOVED_CARD;
        }
        card.poweredUp();
        atr = card.atr();
        availableProtocols = card.protocols();
        return Pcsc.SCARD_S_SUCCESS;
    }

    /** {@code IFDPowerICC(IFD_RESET)}. */
    int warmReset() {
        if (card == null) {
            return Pcsc.SCARD_W_REMOVED_CARD;
        }
        card.reset();
        atr = card.atr();
        return Pcsc.SCARD_S_SUCCESS;
    }

    /** {@code IFDPowerICC(IFD_POWER_DOWN)}: SCARD_E_NOT_TRANSACTED from a handler that cannot. */
    int powerDown() {
        if (card == null) {
            return Pcsc.SCARD_W_REMOVED_CARD;
        }
        if (!powerManagement) {
            return Pcsc.SCARD_E_NOT_TRANSACTED;
        }
        card.poweredDown();
        return Pcsc.SCARD_S_SUCCESS;
    }

    /** The CTBCS eject of {@code SCardDisconnect}/{@code SCardEndTransaction}; pcscd ignores a failure. */
    void tryEject() {
        if (eject && card != null) {
            card.ejected();
            card = null;
            noticeRemoval();
        }
    }

    /** The card's answer after the IFD handler's mutex; the APDU reaches the card unless it was pulled. */
    byte[] ifdTransmit(FakeContext context, byte[] command) throws PcscException {
        while (ifdBusy) {
            pcscd.awaitInPcscd(context, "SCardTransmit");
        }
        FakeCard target = card;
        if (target == null) {
            throw new PcscException("SCardTransmit", Pcsc.SCARD_E_NOT_TRANSACTED);
        }
        target.received(command);
        CallGate hold = apduHolds.poll();
        if (hold != null) {
            ifdBusy = true;
            try {
                hold.enter();
                while (!hold.released() && card == target) {
                    pcscd.awaitInPcscd(context, "SCardTransmit");
                }
            } finally {
                ifdBusy = false;
                pcscd.changed();
            }
            if (card != target) {
                throw new PcscException("SCardTransmit", Pcsc.SCARD_E_NOT_TRANSACTED);
            }
        }
        return target.answer(command);
    }

    byte[] ifdControl(int controlCode, byte[] input) throws PcscException {
        return control.control(controlCode, input.clone());
    }

    /** {@code IFDGetCapabilities} plus pcscd's own friendly and system names. */
    byte[] ifdAttribute(int attributeId) throws PcscException {
        byte[] value = attributes.get(attributeId);
        if (value != null) {
            return value.clone();
        }
        switch (attributeId) {
            case Pcsc.SCARD_ATTR_ATR_STRING:
                return atr.clone();
            case Pcsc.SCARD_ATTR_VENDOR_NAME:
                return "cardmanage fake".getBytes(StandardCharsets.US_ASCII);
            case Pcsc.SCARD_ATTR_POWER_MGMT_SUPPORT:
                return new byte[] {(byte) (powerManagement ? 1 : 0), 0, 0, 0};
            case SCARD_ATTR_DEVICE_FRIENDLY_NAME:
            case SCARD_ATTR_DEVICE_SYSTEM_NAME:
                byte[] text = name.getBytes(StandardCharsets.UTF_8);
                byte[] zeroEnded = new byte[text.length + 1];
                System.arraycopy(text, 0, zeroEnded, 0, text.length);
                return zeroEnded;
            default:
                throw new PcscException("SCardGetAttrib", Pcsc.SCARD_E_UNSUPPORTED_FEATURE);
        }
    }

    private static byte[] defaultControl(int controlCode, byte[] input) throws PcscException {
        if (controlCode == 0x42000000 + GET_FEATURE_REQUEST) {
            return new byte[0];
        }
        throw new PcscException("SCardControl", Pcsc.SCARD_E_UNSUPPORTED_FEATURE);
    }
}
