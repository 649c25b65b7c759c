package org.cardmanage.bench.jmh;

import org.cardmanage.api.CardException;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ShareMode;
import org.cardmanage.bench.Platform;
import org.cardmanage.spi.ReaderTransport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Attach + detach (LEAVE) on driver-sim's default reader: {@code CardManager.attachByReader} + {@code close} (core)
 * against the driver's own {@code connect} + {@code disconnect(LEAVE)} (baseline).
 */
@State(Scope.Benchmark)
public class SimAttach {
    private Platform platform;
    private CardManager manager;
    private ReaderTransport transport;

    @Setup(Level.Trial)
    public void setUp() {
        platform = Platform.start(false);
        manager = platform.cardManager();
        transport = platform.transport(Platform.SIM_READER);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (!manager.attachments().isEmpty()) {
            throw new IllegalStateException("attachments left behind: " + manager.attachments());
        }
        platform.close();
    }

    @Benchmark
    public void direct() throws CardException {
        transport.connect(ShareMode.SHARED, Platform.ANY_PROTOCOL).disconnect(Disposition.LEAVE);
    }

    @Benchmark
    public void core() throws CardException {
        manager.attachByReader(Platform.SIM_READER).close();
    }
}
