package org.cardmanage.driver.sim;

/**
 * Faults a simulated reader can be told to produce, so that tests and demonstrations can see how the platform copes.
 *
 * @since 1.0
 */
public enum SimFault {
    /** The next transmit fails with a {@code CardIOException} (a communication error). One shot. */
    FAIL_TRANSMIT,
    /** The next transmit throws an unchecked {@code IllegalStateException}, as a buggy driver would. One shot. */
    THROW_RUNTIME,
    /** The next transmit returns a one-byte response, which no card may send. One shot. */
    MALFORMED_RESPONSE,
    /** The card is removed in the middle of the next transmit, which then fails with {@code CardRemovedException}. */
    REMOVE_DURING_TRANSMIT,
    /**
     * The card stops answering: transmits block until the fault is cleared, the card or reader is removed, the driver
     * stops, or the mute timeout passes ({@code CardTimeoutException}). Lasts until cleared.
     */
    MUTE
}
