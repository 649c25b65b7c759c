package org.cardmanage.driver.pcsc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;

import javax.smartcardio.CardNotPresentException;

import org.cardmanage.api.CardException;
import org.cardmanage.api.CardIOException;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.CardResetException;
import org.cardmanage.api.NoCardException;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.api.ScardError;
import org.cardmanage.api.SharingViolationException;
import org.junit.jupiter.api.Test;

/** The translator, fed with the exceptions the JDK's provider really throws (real {@code PCSCException}s). */
class PcscErrorsTest {
    private static final String READER = "Virtual PCD 00 00";

    /** A {@code javax.smartcardio.CardException} caused by a {@code PCSCException}, as the provider throws it. */
    private static javax.smartcardio.CardException jdk(int code) throws Exception {
        Class<?> type = Class.forName("sun.security.smartcardio.PCSCException");
        Constructor<?> constructor = type.getDeclaredConstructor(int.class);
        constructor.setAccessible(true);
        return new javax.smartcardio.CardException("transmit() failed", (Throwable) constructor.newInstance(code));
    }

    private static CardException translate(Throwable failure) {
        return PcscErrors.translate(READER, "transmit", failure);
    }

    @Test
    void removedCardBecomesCardRemovedException() throws Exception {
        CardException e = translate(jdk(0x80100069));
        assertThat(e).isInstanceOf(CardRemovedException.class);
        assertThat(e.getMessage()).contains(READER).contains("transmit").contains("SCARD_W_REMOVED_CARD");
    }

    @Test
    void noSmartcardBecomesNoCardException() throws Exception {
        assertThat(translate(jdk(0x8010000C))).isInstanceOf(NoCardException.class);
        assertThat(translate(new CardNotPresentException("No card present"))).isInstanceOf(NoCardException.class);
    }

    @Test
    void noServiceBecomesReaderUnavailableAndMeansPcscdIsGone() throws Exception {
        javax.smartcardio.CardException failure = jdk(0x8010001D);
        assertThat(translate(failure)).isInstanceOf(ReaderUnavailableException.class)
                .hasMessageContaining("SCARD_E_NO_SERVICE");
        assertThat(PcscErrors.isServiceGone(failure)).isTrue();
        assertThat(PcscErrors.isServiceGone(jdk(0x80100069))).isFalse();
    }

    @Test
    void sharingViolationBecomesSharingViolationException() throws Exception {
        assertThat(translate(jdk(0x8010000B))).isInstanceOf(SharingViolationException.class);
    }

    @Test
    void resetCardBecomesCardResetException() throws Exception {
        assertThat(translate(jdk(0x80100068))).isInstanceOf(CardResetException.class);
    }

    @Test
    void notTransactedIsACommunicationErrorWithItsCode() throws Exception {
        CardException e = translate(jdk(0x80100016));
        assertThat(e).isInstanceOf(CardIOException.class);
        assertThat(e.error()).isEqualTo(ScardError.SCARD_E_NOT_TRANSACTED);
    }

    @Test
    void unsupportedFeatureOfPcscLiteBecomesNotSupported() throws Exception {
        // pcsc-lite's SCARD_E_UNSUPPORTED_FEATURE is 0x8010001F; the provider names it.
        assertThat(translate(jdk(0x8010001F))).isInstanceOf(NotSupportedException.class);
    }

    @Test
    void uncheckedRemovalOfTheJdkBecomesCardRemovedException() {
        assertThat(translate(new IllegalStateException("Card has been removed")))
                .isInstanceOf(CardRemovedException.class);
        assertThat(translate(new IllegalArgumentException("apdu must be at least 2 bytes long")))
                .isInstanceOf(CardRemovedException.class);
    }

    @Test
    void endingAForeignTransactionIsNotTransacted() {
        CardException e = translate(new IllegalStateException("Exclusive access not assigned to current Thread"));
        assertThat(e.error()).isEqualTo(ScardError.SCARD_E_NOT_TRANSACTED);
    }

    @Test
    void anExclusiveAccessOfAStuckThreadIsASharingViolation() {
        assertThat(translate(new javax.smartcardio.CardException("Exclusive access established by another Thread")))
                .isInstanceOf(SharingViolationException.class);
    }

    @Test
    void protocolConflictIsProtoMismatch() {
        CardException e = translate(new javax.smartcardio.CardException(
                "Cannot connect using T=0, connection already established using T=1"));
        assertThat(e.error()).isEqualTo(ScardError.SCARD_E_PROTO_MISMATCH);
    }

    @Test
    void codeInAMessageWithoutPcscExceptionIsFound() {
        assertThat(translate(new javax.smartcardio.CardException("connect() failed: SCARD_E_SHARING_VIOLATION")))
                .isInstanceOf(SharingViolationException.class);
    }

    @Test
    void unknownErrorTextIsReadAsItsCode() {
        assertThat(PcscErrors.codeName(new javax.smartcardio.CardException("Unknown error 0x8010002e")))
                .isEqualTo("SCARD_E_NO_READERS_AVAILABLE");
    }

    @Test
    void anApiExceptionPassesUnchanged() {
        CardRemovedException removed = new CardRemovedException("gone");
        assertThat(translate(removed)).isSameAs(removed);
    }

    @Test
    void anyOtherRuntimeExceptionBecomesACheckedOne() {
        CardException e = translate(new NullPointerException("bug"));
        assertThat(e).isInstanceOf(CardIOException.class).hasMessageContaining(READER);
        assertThat(e.error()).isEqualTo(ScardError.SCARD_F_INTERNAL_ERROR);
    }
}
