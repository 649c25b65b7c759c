package org.cardmanage.driver.pcsc.internal.fake;

/**
 * One card handle, as both sides of pcsc-lite know it: pcscd's {@code RDR_CLIHANDLES} in the reader's handle list
 * (with its {@code dwEventStatus}: 0, {@code SCARD_RESET} or {@code SCARD_REMOVED}, set for every handle of the reader
 * by {@code RFSetReaderEventState} and cleared only by {@code SCardReconnect}, {@code readerfactory.c}) and the
 * client's {@code CHANNEL_MAP} entry under its context ({@code winscard_clnt.c}). Guarded by the fake's lock.
 */
final class FakeHandle {
    /** pcscd's {@code SCARD_RESET} event status. */
    static final int EVENT_RESET = 0x0001;
    /** pcscd's {@code SCARD_REMOVED} event status. */
    static final int EVENT_REMOVED = 0x0004;

    final long id;
    final FakeContext context;
    final FakeReader reader;
    int eventStatus;

    FakeHandle(long id, FakeContext context, FakeReader reader) {
        this.id = id;
        this.context = context;
        this.reader = reader;
    }

    @Override
    public String toString() {
        return "FakeHandle[0x" + Long.toHexString(id) + " on " + reader.name() + "]";
    }
}
