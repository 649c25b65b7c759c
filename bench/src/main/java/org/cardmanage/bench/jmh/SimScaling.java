package org.cardmanage.bench.jmh;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ResponseApdu;
import org.cardmanage.api.ShareMode;
import org.cardmanage.bench.Platform;
import org.cardmanage.spi.CardSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Transmit throughput with N threads, each on a simulated reader of its own (run with JMH's thread count set to 1, 2,
 * 4, 16): through the core, and straight into each reader's driver session, which shows what the machine itself
 * allows.
 */
public class SimScaling {
    /** How many readers there are: the most threads a run may use. */
    public static final int READERS = 16;

    static String readerName(int index) {
        return "Bench Reader " + index;
    }

    @State(Scope.Benchmark)
    public static class Readers {
        Platform platform;

        @Setup(Level.Trial)
        public void setUp() {
            platform = Platform.start(false);
            for (int i = 0; i < READERS; i++) {
                platform.sim().addReader(readerName(i), "demo");
            }
            for (int i = 0; i < READERS; i++) {
                platform.awaitReader(readerName(i), true);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            platform.close();
        }
    }

    @State(Scope.Thread)
    public static class Mine {
        Attachment attachment;
        CardSession session;
        CommandApdu command = new CommandApdu(SimTransmit.SELECT_MF);
        byte[] commandBytes = command.bytes();

        @Setup(Level.Trial)
        public void setUp(Readers readers, ThreadParams thread) throws CardException {
            String name = readerName(thread.getThreadIndex());
            attachment = readers.platform.cardManager().attachByReader(name);
            session = readers.platform.transport(name).connect(ShareMode.SHARED, Platform.ANY_PROTOCOL);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws CardException {
            session.disconnect(Disposition.LEAVE);
            attachment.close();
        }
    }

    @Benchmark
    public ResponseApdu core(Mine mine) throws CardException {
        return mine.attachment.transmit(mine.command);
    }

    @Benchmark
    public byte[] direct(Mine mine) throws CardException {
        return mine.session.transmit(mine.commandBytes);
    }
}
