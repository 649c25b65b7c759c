package org.example.democard;

import org.cardmanage.api.CardException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the demo card's vendor offers beyond the standard interfaces: the card's application data by meaning rather
 * than by file identifier. Like every card-service interface, each method declares {@link CardException}, so the
 * platform can report the plugin's departure through it.
 *
 * <p>The card is identified by its ATR: {@link #ATR} under {@link #ATR_MASK} (the historical bytes "CMSIM-T0"; the
 * interface bytes TA1..TC1 may differ between production batches, so the mask ignores them).
 *
 * <p>{@code @ProviderType}: the vendor implements it, applications only call it, so the vendor may add methods in a
 * minor release.
 *
 * @since 1.0
 */
@ProviderType
public interface DemoCard {

    /** The ATR of the demo card, in hex. */
    String ATR = "3B 78 13 00 00 43 4D 53 49 4D 2D 54 30";
    /** The bits of {@link #ATR} that identify the product: all but TA1, TB1 and TC1. */
    String ATR_MASK = "FF FF 00 00 00 FF FF FF FF FF FF FF FF";

    /**
     * @return the application label from the card's directory file (EF 2F00), e.g. {@code DEMO}
     * @throws CardException if the card could not be read
     */
    String applicationLabel() throws CardException;

    /**
     * @return the application's public data (EF 5002 in DF 5000), 32 bytes
     * @throws CardException if the card could not be read
     */
    byte[] publicData() throws CardException;

    /**
     * Verifies the card holder's PIN and reads the application's protected data (EF 5001 in DF 5000).
     *
     * @param pin the PIN; not kept, never logged
     * @return the protected data, 64 bytes
     * @throws org.cardmanage.api.service.WrongPinException if the PIN is wrong (with the tries left)
     * @throws org.cardmanage.api.service.PinBlockedException if the PIN is blocked
     * @throws CardException if the card could not be read
     * @throws IllegalArgumentException if the PIN is null or not 4 to 8 digits
     */
    byte[] protectedData(char[] pin) throws CardException;
}
