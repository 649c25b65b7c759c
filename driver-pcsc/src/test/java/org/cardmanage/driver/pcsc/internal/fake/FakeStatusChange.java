package org.cardmanage.driver.pcsc.internal.fake;

import org.cardmanage.driver.pcsc.internal.port.Pcsc;
import org.cardmanage.driver.pcsc.internal.port.PcscException;
import org.cardmanage.driver.pcsc.internal.port.ReaderStateQuery;

/**
 * The comparison inside libpcsclite's {@code SCardGetStatusChange} ({@code winscard_clnt.c}), one pass over the
 * queries against pcscd's reader states, carried over line by line. What ends a wait is therefore exactly what ends
 * pcsc-lite's: a different event counter (when the caller passed one), EMPTY↔PRESENT, MUTE, losing INUSE or
 * EXCLUSIVE, a reader gone or back, {@code SCARD_STATE_UNAWARE}, and for {@link Pcsc#PNP_NOTIFICATION} a changed
 * reader count (or, at the start, a reader-events count in the upper 16 bits that differs from a non-zero one the
 * caller passed). Notably a card becoming INUSE does not end a wait, and {@code SCARD_STATE_UNPOWERED} is never set:
 * pcsc-lite defines it but never reports it. Guarded by the fake's lock.
 */
final class FakeStatusChange {
    private static final int SCARD_STATE_ATRMATCH = 0x0040;

    private final FakePcscd pcscd;
    private final ReaderStateQuery[] queries;
    private final int[] events;
    private int readerCount;

    FakeStatusChange(FakePcscd pcscd, ReaderStateQuery[] queries) {
        this.pcscd = pcscd;
        this.queries = queries;
        this.events = new int[queries.length];
        this.readerCount = pcscd.liveReaderCount();
    }

    /** The checks before the loop: unknown readers, then the PnP reader's reader-events count. */
    boolean start() throws PcscException {
        int pnp = -1;
        for (int j = 0; j < queries.length; j++) {
            if (pcscd.liveReader(queries[j].reader()) == null) {
                if (!isPnp(queries[j].reader())) {
                    throw new PcscException("SCardGetStatusChange", Pcsc.SCARD_E_UNKNOWN_READER);
                }
                pnp = j;
            }
        }
        if (pnp < 0) {
            return false;
        }
        int previous = queries[pnp].currentState() >>> 16;
        int readerEvents = pcscd.readerEvents();
        events[pnp] = (events[pnp] & 0xFFFF) + (readerEvents << 16);
        queries[pnp].result(events[pnp], null);
        if (previous != readerEvents && previous != 0) {
            events[pnp] |= Pcsc.SCARD_STATE_CHANGED;
            queries[pnp].result(events[pnp], null);
            return true;
        }
        return false;
    }

    /** One pass over every query not ignored; fills in the results. @return whether the wait ends */
    boolean evaluate() {
        boolean ends = false;
        for (int j = 0; j < queries.length; j++) {
            ReaderStateQuery query = queries[j];
            int current = query.currentState();
            if ((current & Pcsc.SCARD_STATE_IGNORE) != 0) {
                continue;
            }
            FakeReader reader = pcscd.liveReader(query.reader());
            byte[] atr = null;
            int ev = events[j];
            if (reader == null) {
                if (isPnp(query.reader())) {
                    int count = pcscd.liveReaderCount();
                    if (count != readerCount) {
                        readerCount = count;
                        ev = (ev & 0xFFFF) + (pcscd.readerEvents() << 16);
                        ev |= Pcsc.SCARD_STATE_CHANGED;
                        ends = true;
                    }
                } else {
                    ev = Pcsc.SCARD_STATE_UNKNOWN | Pcsc.SCARD_STATE_UNAVAILABLE;
                    if ((current & Pcsc.SCARD_STATE_UNKNOWN) == 0) {
                        ev |= Pcsc.SCARD_STATE_CHANGED;
                        ends = true;
                    }
                }
            } else {
                Reading reading = readerState(reader, current, ev);
                ev = reading.eventState;
                atr = reading.atr;
                ends |= reading.ends;
            }
            events[j] = ev;
            query.result(ev, atr);
        }
        return ends;
    }

    private record Reading(int eventState, byte[] atr, boolean ends) {
    }

    private static Reading readerState(FakeReader reader, int current, int eventState) {
        int ev = eventState;
        boolean ends = false;
        if ((current & Pcsc.SCARD_STATE_UNKNOWN) != 0) {
            ev |= Pcsc.SCARD_STATE_CHANGED;
            ev &= ~Pcsc.SCARD_STATE_UNKNOWN;
            ends = true;
        }
        int state = reader.readerState;
        if ((current & 0xFFFF0000) != 0 && reader.eventCounter != ((current >>> 16) & 0xFFFF)) {
            ev |= Pcsc.SCARD_STATE_CHANGED;
            ends = true;
        }
        ev = (ev & 0xFFFF) | (reader.eventCounter << 16);
        if ((current & Pcsc.SCARD_STATE_UNAVAILABLE) != 0) {
            ev &= ~Pcsc.SCARD_STATE_UNAVAILABLE;
            ev |= Pcsc.SCARD_STATE_CHANGED;
            ends = true;
        }
        byte[] atr = (state & Pcsc.SCARD_PRESENT) != 0 ? reader.atr : new byte[0];
        if ((state & Pcsc.SCARD_ABSENT) != 0) {
            ev |= Pcsc.SCARD_STATE_EMPTY;
            ev &= ~(Pcsc.SCARD_STATE_PRESENT | Pcsc.SCARD_STATE_IGNORE | Pcsc.SCARD_STATE_UNKNOWN
                    | Pcsc.SCARD_STATE_UNAVAILABLE | SCARD_STATE_ATRMATCH | Pcsc.SCARD_STATE_MUTE
                    | Pcsc.SCARD_STATE_INUSE);
            if ((current & Pcsc.SCARD_STATE_PRESENT) != 0) {
                ev |= Pcsc.SCARD_STATE_CHANGED;
                ends = true;
            }
        } else if ((state & Pcsc.SCARD_PRESENT) != 0) {
            ev |= Pcsc.SCARD_STATE_PRESENT;
            ev &= ~(Pcsc.SCARD_STATE_EMPTY | Pcsc.SCARD_STATE_IGNORE | Pcsc.SCARD_STATE_UNKNOWN
                    | Pcsc.SCARD_STATE_UNAVAILABLE | Pcsc.SCARD_STATE_MUTE);
            if ((current & Pcsc.SCARD_STATE_EMPTY) != 0) {
                ev |= Pcsc.SCARD_STATE_CHANGED;
                ends = true;
            }
            boolean mute = (state & Pcsc.SCARD_SWALLOWED) != 0;
            if (mute) {
                ev |= Pcsc.SCARD_STATE_MUTE;
            }
            if (mute != ((current & Pcsc.SCARD_STATE_MUTE) != 0)) {
                ev |= Pcsc.SCARD_STATE_CHANGED;
                ends = true;
            }
        }
        if (reader.contexts == -1) {
            ev |= Pcsc.SCARD_STATE_EXCLUSIVE;
            ev &= ~Pcsc.SCARD_STATE_INUSE;
            if ((current & Pcsc.SCARD_STATE_INUSE) != 0) {
                ev |= Pcsc.SCARD_STATE_CHANGED;
                ends = true;
            }
        } else if (reader.contexts >= 1) {
            if ((state & Pcsc.SCARD_PRESENT) != 0) {
                ev |= Pcsc.SCARD_STATE_INUSE;
                ev &= ~Pcsc.SCARD_STATE_EXCLUSIVE;
                if ((current & Pcsc.SCARD_STATE_EXCLUSIVE) != 0) {
                    ev |= Pcsc.SCARD_STATE_CHANGED;
                    ends = true;
                }
            }
        } else {
            ev &= ~(Pcsc.SCARD_STATE_INUSE | Pcsc.SCARD_STATE_EXCLUSIVE);
            if ((current & (Pcsc.SCARD_STATE_INUSE | Pcsc.SCARD_STATE_EXCLUSIVE)) != 0) {
                ev |= Pcsc.SCARD_STATE_CHANGED;
                ends = true;
            }
        }
        if (current == Pcsc.SCARD_STATE_UNAWARE) {
            ev |= Pcsc.SCARD_STATE_CHANGED;
            ends = true;
        }
        return new Reading(ev, atr, ends);
    }

    static boolean isPnp(String reader) {
        return Pcsc.PNP_NOTIFICATION.equalsIgnoreCase(reader);
    }
}
