package org.cardmanage.webconsole.internal;

import java.util.List;

/**
 * What the page may do with simulated readers. Registered only while driver-sim's control service is there (see
 * {@link SimCardsBridge}), so the page itself never loads a driver-sim type and works without driver-sim.
 */
public interface SimCards {

    /** The card profiles a simulated card can be inserted with. */
    List<String> PROFILES = List.of("demo", "demo-t0");

    /** @return the names of the simulated readers */
    List<String> readers();

    /**
     * Inserts a fresh card.
     *
     * @throws IllegalArgumentException if there is no such reader or the profile is unknown
     * @throws IllegalStateException if the reader holds a card
     */
    void insert(String reader, String profile);

    /**
     * Removes the card.
     *
     * @return whether there was one
     * @throws IllegalArgumentException if there is no such reader
     */
    boolean remove(String reader);
}
