package org.cardmanage.core.internal.plugin;

import org.cardmanage.api.CardException;

/** A card-service interface for the tests: small enough to fake, shaped like the real ones. */
public interface Echo {

    /** @return which plugin made this view */
    String name() throws CardException;

    /** Sends the data to the card in a command and returns the response data. */
    byte[] echo(byte[] data) throws CardException;

    /** Throws whatever the test armed. */
    void fail() throws CardException;
}
