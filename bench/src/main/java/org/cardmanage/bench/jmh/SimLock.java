package org.cardmanage.bench.jmh;

import java.time.Duration;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ShareMode;
import org.cardmanage.bench.Platform;
import org.cardmanage.spi.CardSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Lock + unlock (LEAVE) on driver-sim's default reader: {@code Attachment.lock} + {@code CardLock.close} (core) against
 * the driver's own transaction, {@code beginTransaction} + {@code endTransaction(LEAVE)} (baseline).
 */
@State(Scope.Benchmark)
public class SimLock {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private Platform platform;
    private Attachment attachment;
    private CardSession session;

    @Setup(Level.Trial)
    public void setUp() throws CardException {
        platform = Platform.start(false);
        attachment = platform.cardManager().attachByReader(Platform.SIM_READER);
        session = platform.transport(Platform.SIM_READER).connect(ShareMode.SHARED, Platform.ANY_PROTOCOL);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws CardException {
        session.disconnect(Disposition.LEAVE);
        attachment.close();
        platform.close();
    }

    @Benchmark
    public void direct() throws CardException {
        session.beginTransaction();
        session.endTransaction(Disposition.LEAVE);
    }

    @Benchmark
    public void core() throws CardException {
        attachment.lock(WAIT).unlock(Disposition.LEAVE);
    }
}
