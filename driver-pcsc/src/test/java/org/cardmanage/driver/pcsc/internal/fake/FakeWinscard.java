package org.cardmanage.driver.pcsc.internal.fake;

import org.cardmanage.driver.pcsc.internal.port.Connection;
import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;

/**
 * pcscd's side of the winscard functions, in the order of checks of pcsc-lite's {@code src/winscard.c} (server side)
 * and {@code winscard_svc.c}: what pcscd answers to one request, and where pcscd itself waits. Each method runs with
 * the fake's lock held and the caller's context mutex taken (see {@link FakeClient}); a method that waits does so
 * "inside pcscd", keeping the context mutex.
 *
 * <ul>
 * <li>{@code SCardConnect}: an EXCLUSIVE holder refuses at once; otherwise waits while any handle holds a transaction
 * ("Waiting for release of lock"), then needs a card (except DIRECT), powers an unpowered card up, negotiates a
 * protocol once per power-up (later connects must accept it: PROTO_MISMATCH), and only then refuses EXCLUSIVE when
 * others are connected.</li>
 * <li>{@code SCardDisconnect}: with a disposition other than LEAVE waits while another handle holds a transaction;
 * RESET/UNPOWER mark every handle of the reader W_RESET_CARD; a failed power-down or eject is ignored; a handle on an
 * unplugged reader disconnects with success.</li>
 * <li>{@code SCardReconnect} is the only call that clears a handle's W_RESET_CARD/W_REMOVED_CARD; it keeps a
 * transaction.</li>
 * <li>{@code SCardEndTransaction} with RESET/UNPOWER marks every handle, its own too, W_RESET_CARD.</li>
 * <li>{@code SCardControl} does not check the handle's event state.</li>
 * <li>Releasing a context disconnects its handles with LEAVE, but the handle holding a transaction with RESET
 * ({@code MSGRemoveContext}).</li>
 * </ul>
 */
final class FakeWinscard {
    private static final int ALL_PROTOCOLS = Pcsc.SCARD_PROTOCOL_T0 | Pcsc.SCARD_PROTOCOL_T1 | Pcsc.SCARD_PROTOCOL_RAW;

    private final FakePcscd pcscd;

    FakeWinscard(FakePcscd pcscd) {
        this.pcscd = pcscd;
    }

    Connection connect(FakeContext context, String readerName, int shareMode, int preferred) throws PcscException {
        String fn = "SCardConnect";
        if (shareMode != Pcsc.SCARD_SHARE_DIRECT && (preferred & ALL_PROTOCOLS) == 0) {
            throw new PcscException(fn, Pcsc.SCARD_E_PROTO_MISMATCH);
        }
        if (shareMode != Pcsc.SCARD_SHARE_EXCLUSIVE && shareMode != Pcsc.SCARD_SHARE_SHARED
                && shareMode != Pcsc.SCARD_SHARE_DIRECT) {
            throw new PcscException(fn, Pcsc.SCARD_E_INVALID_VALUE);
        }
        FakeReader reader = pcscd.liveReader(readerName);
        if (reader == null) {
            throw new PcscException(fn, Pcsc.SCARD_E_UNKNOWN_READER);
        }
        if (reader.contexts == -1) {
            throw new PcscException(fn, Pcsc.SCARD_E_SHARING_VIOLATION);
        }
        while (reader.lockId != 0) {
            pcscd.awaitInPcscd(context, fn);
        }
        if (reader.unplugged) {
            throw new PcscException(fn, Pcsc.SCARD_E_READER_UNAVAILABLE);
        }
        if (shareMode != Pcsc.SCARD_SHARE_DIRECT) {
            if ((reader.readerState & Pcsc.SCARD_PRESENT) == 0) {
                throw new PcscException(fn, Pcsc.SCARD_E_NO_SMARTCARD);
            }
            if (reader.unpowered && reader.powerUp() == Pcsc.SCARD_S_SUCCESS) {
                reader.readerState = Pcsc.SCARD_PRESENT | Pcsc.SCARD_POWERED | Pcsc.SCARD_NEGOTIABLE;
                reader.unpowered = false;
                pcscd.changed();
            }
            if ((reader.readerState & Pcsc.SCARD_POWERED) == 0) {
                throw new PcscException(fn, Pcsc.SCARD_W_UNPOWERED_CARD);
            }
        }
        int protocol = chooseProtocol(fn, reader, shareMode, preferred);
        FakeHandle handle = new FakeHandle(pcscd.newId(), context, reader);
        if (shareMode == Pcsc.SCARD_SHARE_EXCLUSIVE) {
            if (reader.contexts != 0) {
                throw new PcscException(fn, Pcsc.SCARD_E_SHARING_VIOLATION);
            }
            reader.contexts = -1;
            reader.lockSharing(handle);
        } else {
            reader.contexts++;
        }
        reader.handles.add(handle);
        pcscd.changed();
        return new Connection(handle.id, protocol);
    }

    int reconnect(FakeHandle handle, int shareMode, int preferred, int initialization) throws PcscException {
        String fn = "SCardReconnect";
        if (initialization != Pcsc.SCARD_LEAVE_CARD && initialization != Pcsc.SCARD_RESET_CARD
                && initialization != Pcsc.SCARD_UNPOWER_CARD) {
            throw new PcscException(fn, Pcsc.SCARD_E_INVALID_VALUE);
        }
        if (shareMode != Pcsc.SCARD_SHARE_SHARED && shareMode != Pcsc.SCARD_SHARE_EXCLUSIVE
                && shareMode != Pcsc.SCARD_SHARE_DIRECT) {
            throw new PcscException(fn, Pcsc.SCARD_E_INVALID_VALUE);
        }
        if (shareMode != Pcsc.SCARD_SHARE_DIRECT && (preferred & ALL_PROTOCOLS) == 0) {
            throw new PcscException(fn, Pcsc.SCARD_E_PROTO_MISMATCH);
        }
        FakeReader reader = readerOf(fn, handle);
        check(fn, reader.checkSharing(handle));
        if (initialization != Pcsc.SCARD_LEAVE_CARD) {
            reader.setEventState(FakeHandle.EVENT_RESET);
            check(fn, powerCycle(reader, initialization, true));
        } else {
            if ((reader.readerState & Pcsc.SCARD_ABSENT) != 0) {
                throw new PcscException(fn, Pcsc.SCARD_E_NO_SMARTCARD);
            }
            if ((reader.readerState & Pcsc.SCARD_SWALLOWED) != 0) {
                throw new PcscException(fn, Pcsc.SCARD_W_UNRESPONSIVE_CARD);
            }
        }
        int protocol = chooseProtocol(fn, reader, shareMode, preferred);
        if (shareMode == Pcsc.SCARD_SHARE_EXCLUSIVE) {
            if (reader.contexts != -1) {
                if (reader.contexts != 1) {
                    throw new PcscException(fn, Pcsc.SCARD_E_SHARING_VIOLATION);
                }
                reader.contexts = -1;
                reader.lockSharing(handle);
            }
        } else if (reader.contexts == -1) {
            reader.unlockSharing(handle);
            reader.contexts = 1;
        }
        handle.eventStatus = 0;
        pcscd.changed();
        return protocol;
    }

    void disconnect(FakeContext context, FakeHandle handle, int disposition) throws PcscException {
        String fn = "SCardDisconnect";
        checkDisposition(fn, disposition);
        FakeReader reader = handle.reader;
        if (reader.unplugged || !reader.handles.contains(handle)) {
            return; // "ignore reader removal"
        }
        if (disposition != Pcsc.SCARD_LEAVE_CARD && reader.lockId != 0 && reader.lockId != handle.id) {
            while (reader.lockId != 0) {
                pcscd.awaitInPcscd(context, fn);
            }
        }
        int rv = reader.unlockAllSharing(handle);
        if (rv != Pcsc.SCARD_S_SUCCESS && disposition != Pcsc.SCARD_LEAVE_CARD) {
            throw new PcscException(fn, rv);
        }
        if (disposition == Pcsc.SCARD_RESET_CARD || disposition == Pcsc.SCARD_UNPOWER_CARD) {
            reader.setEventState(FakeHandle.EVENT_RESET);
            int ifd;
            if (disposition == Pcsc.SCARD_RESET_CARD) {
                ifd = reader.warmReset();
            } else {
                ifd = reader.powerDown();
                reader.unpowered = true;
            }
            reader.cardProtocol = Pcsc.SCARD_PROTOCOL_UNDEFINED;
            if (ifd == Pcsc.SCARD_S_SUCCESS) {
                reader.readerState = disposition == Pcsc.SCARD_UNPOWER_CARD ? Pcsc.SCARD_PRESENT
                        : Pcsc.SCARD_PRESENT | Pcsc.SCARD_POWERED | Pcsc.SCARD_NEGOTIABLE;
            } else {
                failedPowerAction(reader, ifd);
            }
        } else if (disposition == Pcsc.SCARD_EJECT_CARD) {
            reader.tryEject();
        }
        reader.handles.remove(handle);
        reader.contexts = reader.contexts == -1 ? 0 : Math.max(0, reader.contexts - 1);
        pcscd.changed();
    }

    void beginTransaction(FakeHandle handle) throws PcscException {
        String fn = "SCardBeginTransaction";
        FakeReader reader = readerOf(fn, handle);
        check(fn, reader.checkEventState(handle));
        check(fn, reader.lockSharing(handle));
    }

    void endTransaction(FakeHandle handle, int disposition) throws PcscException {
        String fn = "SCardEndTransaction";
        checkDisposition(fn, disposition);
        FakeReader reader = readerOf(fn, handle);
        check(fn, reader.checkEventState(handle));
        if (disposition != Pcsc.SCARD_LEAVE_CARD && reader.lockId != 0 && reader.lockId != handle.id) {
            throw new PcscException(fn, Pcsc.SCARD_E_SHARING_VIOLATION);
        }
        int rv = Pcsc.SCARD_S_SUCCESS;
        if (disposition == Pcsc.SCARD_RESET_CARD || disposition == Pcsc.SCARD_UNPOWER_CARD) {
            rv = powerCycle(reader, disposition, false);
            reader.setEventState(FakeHandle.EVENT_RESET);
        } else if (disposition == Pcsc.SCARD_EJECT_CARD) {
            reader.tryEject();
        }
        int unlocked = reader.unlockSharing(handle);
        check(fn, rv != Pcsc.SCARD_S_SUCCESS ? rv : unlocked);
    }

    byte[] transmit(FakeContext context, FakeHandle handle, int protocol, byte[] command) throws PcscException {
        String fn = "SCardTransmit";
        FakeReader reader = readerOf(fn, handle);
        check(fn, reader.checkSharing(handle));
        check(fn, reader.checkEventState(handle));
        if (protocol != Pcsc.SCARD_PROTOCOL_RAW) {
            if ((reader.readerState & Pcsc.SCARD_ABSENT) != 0) {
                throw new PcscException(fn, Pcsc.SCARD_E_NO_SMARTCARD);
            }
            if (protocol != reader.cardProtocol) {
                throw new PcscException(fn, Pcsc.SCARD_E_PROTO_MISMATCH);
            }
        }
        if ((reader.readerState & Pcsc.SCARD_POWERED) == 0) {
            throw new PcscException(fn, Pcsc.SCARD_E_NOT_TRANSACTED); // an unpowered or mute card answers nothing
        }
        return reader.ifdTransmit(context, command);
    }

    byte[] control(FakeHandle handle, int controlCode, byte[] input) throws PcscException {
        String fn = "SCardControl";
        FakeReader reader = readerOf(fn, handle);
        check(fn, reader.checkSharing(handle));
        return reader.ifdControl(controlCode, input);
    }

    /** pcscd's part of {@code SCardStatus}: the sharing, then the event state. */
    void status(FakeHandle handle) throws PcscException {
        String fn = "SCardStatus";
        FakeReader reader = readerOf(fn, handle);
        check(fn, reader.checkSharing(handle));
        check(fn, reader.checkEventState(handle));
    }

    byte[] getAttribute(FakeHandle handle, int attributeId) throws PcscException {
        String fn = "SCardGetAttrib";
        FakeReader reader = readerOf(fn, handle);
        check(fn, reader.checkSharing(handle));
        check(fn, reader.checkEventState(handle));
        return reader.ifdAttribute(attributeId);
    }

    /** {@code MSGRemoveContext}: each handle left, but a transaction holder's card is reset. */
    void removeContext(FakeContext context) {
        for (FakeHandle handle : context.handles.values()) {
            FakeReader reader = handle.reader;
            if (reader.unplugged || !reader.handles.contains(handle)) {
                continue;
            }
            int disposition = Pcsc.SCARD_LEAVE_CARD;
            if (reader.lockId == handle.id) {
                reader.lockId = 0;
                if (handle.eventStatus == 0) {
                    disposition = Pcsc.SCARD_RESET_CARD;
                }
            }
            try {
                disconnect(context, handle, disposition);
            } catch (PcscException e) {
                // pcscd ignores it too: "(void)SCardDisconnect(hCard, …)"
            }
        }
        pcscd.contextRemoved(context);
    }

    private int chooseProtocol(String fn, FakeReader reader, int shareMode, int preferred) throws PcscException {
        if ((preferred & Pcsc.SCARD_PROTOCOL_RAW) != 0) {
            reader.cardProtocol = Pcsc.SCARD_PROTOCOL_RAW;
        } else if (shareMode != Pcsc.SCARD_SHARE_DIRECT) {
            if (reader.cardProtocol == Pcsc.SCARD_PROTOCOL_UNDEFINED) {
                int offered = preferred & reader.availableProtocols;
                if ((offered & Pcsc.SCARD_PROTOCOL_T1) != 0) {
                    reader.cardProtocol = Pcsc.SCARD_PROTOCOL_T1;
                } else if ((offered & Pcsc.SCARD_PROTOCOL_T0) != 0) {
                    reader.cardProtocol = Pcsc.SCARD_PROTOCOL_T0;
                } else {
                    throw new PcscException(fn, Pcsc.SCARD_E_PROTO_MISMATCH);
                }
            } else if ((preferred & reader.cardProtocol) == 0) {
                throw new PcscException(fn, Pcsc.SCARD_E_PROTO_MISMATCH);
            }
        }
        return reader.cardProtocol;
    }

    /** The RESET/UNPOWER of SCardReconnect and SCardEndTransaction: a warm reset, or a power-down (result ignored) and up. */
    private int powerCycle(FakeReader reader, int disposition, boolean reconnecting) {
        int ifd;
        if (disposition == Pcsc.SCARD_RESET_CARD) {
            ifd = reader.warmReset();
        } else {
            reader.powerDown();
            ifd = reader.powerUp();
        }
        reader.cardProtocol = Pcsc.SCARD_PROTOCOL_UNDEFINED;
        if (ifd == Pcsc.SCARD_S_SUCCESS) {
            reader.readerState = Pcsc.SCARD_PRESENT | Pcsc.SCARD_POWERED | Pcsc.SCARD_NEGOTIABLE;
            reader.unpowered = false;
            pcscd.changed();
            return Pcsc.SCARD_S_SUCCESS;
        }
        failedPowerAction(reader, ifd);
        if (!reconnecting) {
            return ifd;
        }
        return ifd == Pcsc.SCARD_W_REMOVED_CARD ? Pcsc.SCARD_E_NO_SMARTCARD : Pcsc.SCARD_W_UNRESPONSIVE_CARD;
    }

    private void failedPowerAction(FakeReader reader, int ifd) {
        reader.atr = ifd == Pcsc.SCARD_W_REMOVED_CARD ? new byte[0] : reader.atr;
        reader.readerState = ifd == Pcsc.SCARD_W_REMOVED_CARD ? Pcsc.SCARD_ABSENT
                : Pcsc.SCARD_PRESENT | Pcsc.SCARD_SWALLOWED;
        pcscd.changed();
    }

    /** {@code RFReaderInfoById}: a handle whose reader was unplugged is no longer found. */
    private static FakeReader readerOf(String fn, FakeHandle handle) throws PcscException {
        if (handle.reader.unplugged || !handle.reader.handles.contains(handle)) {
            throw new PcscException(fn, Pcsc.SCARD_E_INVALID_VALUE);
        }
        return handle.reader;
    }

    private static void checkDisposition(String fn, int disposition) throws PcscException {
        if (disposition != Pcsc.SCARD_LEAVE_CARD && disposition != Pcsc.SCARD_RESET_CARD
                && disposition != Pcsc.SCARD_UNPOWER_CARD && disposition != Pcsc.SCARD_EJECT_CARD) {
            throw new PcscException(fn, Pcsc.SCARD_E_INVALID_VALUE);
        }
    }

    private static void check(String fn, int rv) throws PcscException {
        if (rv != Pcsc.SCARD_S_SUCCESS) {
            throw new PcscException(fn, rv);
        }
    }
}
