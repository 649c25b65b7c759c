package org.cardmanage.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.cardmanage.api.CardException;
import org.cardmanage.api.CardIOException;
import org.cardmanage.api.CardRemovedException;
import org.cardmanage.api.CardTimeoutException;
import org.cardmanage.api.NoCardException;
import org.cardmanage.api.ReaderUnavailableException;
import org.cardmanage.api.ScardError;
import org.cardmanage.api.SharingViolationException;
import org.cardmanage.api.UnknownReaderException;
import org.cardmanage.remote.RemoteCardException;
import org.junit.jupiter.api.Test;

class RemoteErrorsTest {

    @Test
    void everyTypedExceptionComesBackAsTheSameType() {
        List<CardException> originals = List.of(
                new UnknownReaderException("no reader 'X'"),
                new NoCardException("no card in 'X'"),
                new CardRemovedException("card removed from 'X'"),
                new SharingViolationException("'X' is held exclusively"),
                new CardTimeoutException("'X' timed out"),
                new ReaderUnavailableException("'X' is gone"),
                new CardIOException(ScardError.SCARD_W_UNRESPONSIVE_CARD, "mute card in 'X'", null));
        for (CardException original : originals) {
            CardException back = RemoteErrors.toCard(RemoteErrors.toRemote(original), "farm1");
            assertThat(back).isExactlyInstanceOf(original.getClass());
            assertThat(back.error()).isEqualTo(original.error());
        }
    }

    @Test
    void theMessageNamesTheFarmAndCarriesTheCodeOnce() {
        CardException back = RemoteErrors.toCard(RemoteErrors.toRemote(new NoCardException("no card in 'X'")), "f1");
        assertThat(back.getMessage()).isEqualTo("farm 'f1': no card in 'X' [" + ScardError.SCARD_E_NO_SMARTCARD.describe()
                + "]");
    }

    @Test
    void aPlainCardExceptionKeepsItsCode() {
        CardException back = RemoteErrors.toCard(
                RemoteErrors.toRemote(new CardException(ScardError.SCARD_E_NOT_TRANSACTED, "no transaction")), "f");
        assertThat(back).isExactlyInstanceOf(CardException.class);
        assertThat(back.error()).isEqualTo(ScardError.SCARD_E_NOT_TRANSACTED);
    }

    @Test
    void anUnknownSessionMakesTheReaderUnavailable() {
        assertThat(RemoteErrors.toCard(RemoteErrors.unknownSession("f", "s-1"), "f"))
                .isExactlyInstanceOf(ReaderUnavailableException.class);
    }

    @Test
    void theRemoteValueCarriesNoCauseAndNoStackTrace() {
        RemoteCardException remote = RemoteErrors.toRemote(new NoCardException("x", new IllegalStateException("y")));
        assertThat(remote.getCause()).isNull();
        assertThat(remote.getStackTrace()).isEmpty();
    }

    @Test
    void aFarmThatDoesNotAnswerMakesTheReaderUnavailable() {
        CardException failure = RemoteErrors.unreachable("f", "transmit", new RuntimeException("refused"));
        assertThat(failure).isExactlyInstanceOf(ReaderUnavailableException.class);
        assertThat(failure.getMessage()).contains("farm 'f'").contains("refused");
    }
}
