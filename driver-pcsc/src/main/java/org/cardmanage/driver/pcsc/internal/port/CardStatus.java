package org.cardmanage.driver.pcsc.internal.port;

/**
 * What {@code SCardStatus} returns.
 *
 * @param readerName the reader's name
 * @param state the {@code SCARD_*} card state of pcsc-lite ({@link Pcsc#SCARD_PRESENT}, {@link Pcsc#SCARD_POWERED},
 *     {@link Pcsc#SCARD_NEGOTIABLE}, {@link Pcsc#SCARD_SPECIFIC}, …)
 * @param protocol the protocol in use
 * @param atr the card's ATR, empty if none
 */
public record CardStatus(String readerName, int state, int protocol, byte[] atr) {
    public CardStatus {
        atr = atr.clone();
    }

    @Override
    public byte[] atr() {
        return atr.clone();
    }
}
