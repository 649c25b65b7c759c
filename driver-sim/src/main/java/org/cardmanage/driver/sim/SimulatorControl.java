package org.cardmanage.driver.sim;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Controls the simulated readers of {@code driver-sim}. Each reader is registered as a reader transport service while
 * it exists; inserting or removing a card updates that service's properties, exactly as a hardware driver does.
 *
 * <p>Card profiles are named {@code demo} (T=1, extended length) and {@code demo-t0} (T=0, short APDUs, 61xx/6Cxx
 * behaviour).
 *
 * @since 1.0
 */
@ProviderType
public interface SimulatorControl {

    /** @return the names of the simulated readers, sorted */
    List<String> readers();

    /**
     * Adds a reader.
     *
     * @param name the reader name, unique among all readers of the framework
     * @param cardProfile the profile of the card to insert, or null for an empty reader
     * @throws IllegalArgumentException if the name is blank or taken, or the profile is unknown
     */
    void addReader(String name, String cardProfile);

    /**
     * Removes a reader, as when it is unplugged: its transport service goes away and its sessions fail.
     *
     * @param name the reader
     * @throws IllegalArgumentException if there is no such simulated reader
     */
    void removeReader(String name);

    /**
     * Inserts a fresh card (new file contents, PIN counters reset) into an empty reader.
     *
     * @param reader the reader
     * @param cardProfile {@code demo} or {@code demo-t0}
     * @throws IllegalArgumentException if there is no such reader or the profile is unknown
     * @throws IllegalStateException if the reader already holds a card
     */
    void insertCard(String reader, String cardProfile);

    /**
     * Removes the card.
     *
     * @param reader the reader
     * @return true if a card was removed, false if the reader was empty
     * @throws IllegalArgumentException if there is no such reader
     */
    boolean removeCard(String reader);

    /**
     * @param reader the reader
     * @return the ATR of the card in it, as hex; empty if none
     * @throws IllegalArgumentException if there is no such reader
     */
    Optional<String> cardAtr(String reader);

    /**
     * Sets a delay added to every transmit, to simulate a slow card or reader.
     *
     * @param reader the reader
     * @param latency the delay, zero for none
     * @throws IllegalArgumentException if there is no such reader or the latency is negative or null
     */
    void setLatency(String reader, Duration latency);

    /**
     * Arms a fault on a reader; see {@link SimFault} for how long each lasts.
     *
     * @param reader the reader
     * @param fault the fault
     * @throws IllegalArgumentException if there is no such reader or fault is null
     */
    void injectFault(String reader, SimFault fault);

    /**
     * Clears every fault armed on a reader, and releases transmits blocked by {@link SimFault#MUTE}.
     *
     * @param reader the reader
     * @throws IllegalArgumentException if there is no such reader
     */
    void clearFaults(String reader);

    /**
     * Counts the sessions opened on a reader ({@code ReaderTransport.connect}) and not yet disconnected: what a
     * leak check looks at once every attachment is gone.
     *
     * @param reader the reader
     * @return the number of open sessions of this reader since it was added
     * @throws IllegalArgumentException if there is no such reader
     * @since 1.1
     */
    int openSessions(String reader);
}
