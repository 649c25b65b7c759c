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

/**
 * One APDU to the simulated card in driver-sim's default reader: through {@code Attachment.transmit} (core), and
 * straight into the driver's own {@code CardSession} for the same card (baseline). The APDU is SELECT MF by file
 * identifier without response data; the card answers 9000.
 */
@State(Scope.Benchmark)
public class SimTransmit {
    /** SELECT MF (3F00), P2=0C: no response data. */
    public static final byte[] SELECT_MF = {0x00, (byte) 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00};

    private Platform platform;
    private Attachment attachment;
    private CardSession session;
    private CommandApdu command;
    private byte[] commandBytes;

    @Setup(Level.Trial)
    public void setUp() throws CardException {
        platform = Platform.start(false);
        attachment = platform.cardManager().attachByReader(Platform.SIM_READER);
        session = platform.transport(Platform.SIM_READER).connect(ShareMode.SHARED, Platform.ANY_PROTOCOL);
        command = new CommandApdu(SELECT_MF);
        commandBytes = command.bytes();
        Checks.success(attachment.transmit(command).sw(), "core transmit");
        Checks.success(Checks.sw(session.transmit(commandBytes)), "direct transmit");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws CardException {
        session.disconnect(Disposition.LEAVE);
        attachment.close();
        platform.close();
    }

    @Benchmark
    public byte[] direct() throws CardException {
        return session.transmit(commandBytes);
    }

    @Benchmark
    public ResponseApdu core() throws CardException {
        return attachment.transmit(command);
    }
}
