package org.cardmanage.driver.pcsc.internal.port;

/**
 * One {@code SCARD_READERSTATE} of {@link PcscPort#getStatusChange}: the caller sets the reader and the state it knows;
 * the port fills in the event state (with pcsc-lite's event counter in its upper 16 bits) and the ATR.
 */
public final class ReaderStateQuery {
    private final String reader;
    private int currentState;
    private int eventState;
    private byte[] atr = new byte[0];

    /**
     * @param reader the reader's name, or {@link Pcsc#PNP_NOTIFICATION}
     * @param currentState the state the caller knows ({@link Pcsc#SCARD_STATE_UNAWARE} for none)
     */
    public ReaderStateQuery(String reader, int currentState) {
        this.reader = reader;
        this.currentState = currentState;
    }

    public String reader() {
        return reader;
    }

    public int currentState() {
        return currentState;
    }

    public void currentState(int state) {
        this.currentState = state;
    }

    public int eventState() {
        return eventState;
    }

    /** @return the ATR the port reported with the event state, empty if none */
    public byte[] atr() {
        return atr.clone();
    }

    /** Filled in by the port. */
    public void result(int newEventState, byte[] newAtr) {
        this.eventState = newEventState;
        this.atr = newAtr == null ? new byte[0] : newAtr.clone();
    }

    @Override
    public String toString() {
        return "ReaderStateQuery[" + reader + ", current 0x" + Integer.toHexString(currentState) + ", event 0x"
                + Integer.toHexString(eventState) + "]";
    }
}
