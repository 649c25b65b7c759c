package org.cardmanage.driver.sim.internal.card;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A simulated ISO 7816-4 card that works on raw APDU bytes. It depends on nothing but the JDK, so the same card can
 * sit behind the simulated reader driver or behind a vpcd socket.
 *
 * <p>File tree, PIN and PUK: see {@link CardFileSystem} and {@link PinState}; the application DF 5000 has the DF
 * name {@link #DEMO_AID}, the PIN (reference 81) is {@link #demoPin()} with 3 tries, the PUK {@link #demoPuk()}
 * with 10 tries. Supported commands: SELECT (A4), READ BINARY (B0), UPDATE BINARY (D6), READ RECORD (B2), VERIFY
 * (20), CHANGE REFERENCE DATA (24), RESET RETRY COUNTER (2C), GET CHALLENGE (84), MANAGE CHANNEL (70) and GET
 * RESPONSE (C0); any other INS gives {@code 6D00}.
 *
 * <p>Behaviour that ISO 7816 leaves open, as chosen here:
 * <ul>
 * <li>Malformed APDUs (shorter than 4 bytes, or length fields that do not add up) and extended APDUs on a profile
 * without extended length give {@code 6700}. {@link #process} never throws; an unexpected failure gives
 * {@code 6F00}.</li>
 * <li>CLA: 00..03 select logical channels 0..3. Secure messaging bits give {@code 6882}, the chaining bit
 * {@code 6884}, CLA 40..7F (channels 4..19) {@code 6881}, CLA 20..3F and 80..FF {@code 6E00}. A command on a
 * channel that is not open gives {@code 6881}.</li>
 * <li>Each logical channel has its own current DF and EF; the security status (PIN verified) is shared by all
 * channels. MANAGE CHANNEL open (P1=00) with P2=00 assigns the lowest free channel and returns its number (Le
 * required); P2=01..03 opens that channel ({@code 6985} if already open). A channel opened from channel 0 starts at
 * the MF, one opened from another channel copies that channel's selection. No free channel gives {@code 6A81}.
 * Close (P1=80) of P2, or of the CLA's channel when P2=00; channel 0 cannot be closed ({@code 6A86}), closing a
 * channel that is not open gives {@code 6881}.</li>
 * <li>Transport, T=1 ({@link CardProfile#DEMO}): response data is cut to Ne, and dropped when the command had no
 * Le (ISO 7816-4: Le absent means no response data expected). READ BINARY with Ne larger than the bytes up to
 * the end of the EF returns those bytes with {@code 6282}.</li>
 * <li>Transport, T=0 ({@link CardProfile#DEMO_T0}): a command with command data (case 3/4) or without Le that
 * produces response data answers {@code 61xx}; the data is fetched with GET RESPONSE, the last part carrying the
 * command's own status word. A case-2 command whose Le is not 00 and differs from the length of the data the card
 * has answers {@code 6Cxx} with the exact length (so a READ BINARY running past the end of the EF gives
 * {@code 6Cxx}, not {@code 6282}); with Le=00 the available data (up to 256 bytes) is returned directly. A command
 * refused with {@code 6Cxx} leaves selections and channels as they were, so it can simply be repeated.</li>
 * <li>GET RESPONSE without pending data gives {@code 6985} (always so over T=1). Any other command discards
 * pending data. GET RESPONSE with Le larger than what is pending answers {@code 6Cxx} and keeps the data.</li>
 * <li>GET CHALLENGE returns Ne (1..256) bytes from a {@link SecureRandom}; more than 256 gives {@code 6700}.</li>
 * <li>{@link #reset()} and {@link #powerOff()} clear the security status, close channels 1..3, reselect the MF on
 * channel 0 and discard pending GET RESPONSE data; file contents, PIN value and retry counters persist.</li>
 * </ul>
 *
 * <p>Thread-safe: the card processes one APDU at a time.
 */
public final class SimulatedCard {

    /** The DF name (AID) of the application DF 5000, in hex: F0 "CMSIM" 00 01 (a proprietary, unregistered AID). */
    public static final String DEMO_AID = HexFormat.of().withUpperCase().formatHex(CardFileSystem.aid());

    private static final int CHANNELS = 4;

    private final CardProfile profile;
    private final CardFileSystem fs = new CardFileSystem();
    private final PinState pins = new PinState();
    private final FileCommands files = new FileCommands(fs, pins);
    private final Channel[] channels = new Channel[CHANNELS];
    private final SecureRandom random = new SecureRandom();
    private Pending pending; // T=0: response data waiting for GET RESPONSE

    /** Response data not yet fetched, and the status word to give with its last part. */
    private record Pending(byte[] data, int sw) {
    }

    private SimulatedCard(CardProfile profile) {
        this.profile = profile;
        resetState();
    }

    /** A freshly personalised card of the given profile. */
    public static SimulatedCard create(CardProfile profile) {
        if (profile == null) {
            throw new IllegalArgumentException("profile must not be null");
        }
        return new SimulatedCard(profile);
    }

    /** The DF name of DF 5000 as bytes (a copy). */
    public static byte[] demoAid() {
        return CardFileSystem.aid();
    }

    /** The initial PIN, ASCII "1234" (a copy, unpadded). */
    public static byte[] demoPin() {
        return PinState.demoPin();
    }

    /** The PUK, ASCII "12345678" (a copy). */
    public static byte[] demoPuk() {
        return PinState.demoPuk();
    }

    public CardProfile profile() {
        return profile;
    }

    /** A copy of the card's ATR. */
    public byte[] atr() {
        return profile.atr();
    }

    /** Warm reset: see the class comment for what is kept. */
    public synchronized void reset() {
        resetState();
    }

    /** Power off: the volatile state is lost exactly as for {@link #reset()}. */
    public synchronized void powerOff() {
        resetState();
    }

    /**
     * Processes one command APDU.
     *
     * @param commandApdu the command; {@code null} counts as an empty array
     * @return response data followed by SW1 SW2; never {@code null}, at least 2 bytes
     */
    public synchronized byte[] process(byte[] commandApdu) {
        try {
            return handle(commandApdu == null ? new byte[0] : commandApdu).toBytes();
        } catch (RuntimeException e) {
            pending = null;
            return Response.of(StatusWord.NO_PRECISE_DIAGNOSIS).toBytes();
        }
    }

    private void resetState() {
        pins.clearSecurityStatus();
        Arrays.fill(channels, null);
        channels[0] = new Channel(fs.mf());
        pending = null;
    }

    private Response handle(byte[] apdu) {
        Pending carried = pending;
        pending = null; // every command but a successful GET RESPONSE ends the pending data
        if (apdu.length < 4) {
            return Response.of(StatusWord.WRONG_LENGTH);
        }
        int cla = apdu[0] & 0xFF;
        int claError = claError(cla);
        if (claError != 0) {
            return Response.of(claError);
        }
        ParsedCommand c = ParsedCommand.parse(apdu);
        if (c == null || (c.extended() && !profile.supportsExtendedLength())) {
            return Response.of(StatusWord.WRONG_LENGTH);
        }
        int channelNo = cla & 0x03;
        Channel channel = channels[channelNo];
        if (channel == null) {
            return Response.of(StatusWord.CHANNEL_NOT_SUPPORTED);
        }
        if (c.ins() == 0xC0) {
            return getResponse(c, carried);
        }
        // Over T=0 a case-2 command may be refused with 6Cxx after it ran: undo its effect on the selection and
        // channels, so that repeating it with the right Le does the same thing (e.g. SELECT parent).
        Channel[] before = profile.protocolT0() && !c.hasData() && c.hasLe() ? copyChannels() : null;
        Response r = transport(c, execute(c, channel, channelNo));
        if (before != null && (r.sw() & 0xFF00) == StatusWord.WRONG_LE) {
            System.arraycopy(before, 0, channels, 0, CHANNELS);
        }
        return r;
    }

    private Channel[] copyChannels() {
        Channel[] copy = new Channel[CHANNELS];
        for (int i = 0; i < CHANNELS; i++) {
            copy[i] = channels[i] == null ? null : channels[i].copy();
        }
        return copy;
    }

    /** 0 when the CLA is an interindustry CLA for channels 0..3 without secure messaging or chaining. */
    private static int claError(int cla) {
        if ((cla & 0x80) != 0 || (cla & 0xE0) == 0x20) {
            return StatusWord.CLA_NOT_SUPPORTED;
        }
        boolean first = (cla & 0x40) == 0; // 000x xxxx, else 01xx xxxx (channels 4..19)
        if (first ? (cla & 0x0C) != 0 : (cla & 0x20) != 0) {
            return StatusWord.SM_NOT_SUPPORTED;
        }
        if ((cla & 0x10) != 0) {
            return StatusWord.CHAINING_NOT_SUPPORTED;
        }
        return first ? 0 : StatusWord.CHANNEL_NOT_SUPPORTED;
    }

    private Response execute(ParsedCommand c, Channel channel, int channelNo) {
        return switch (c.ins()) {
            case 0xA4 -> files.select(c, channel);
            case 0xB0 -> files.readBinary(c, channel);
            case 0xD6 -> files.updateBinary(c, channel);
            case 0xB2 -> files.readRecord(c, channel);
            case 0x20 -> pins.verify(c);
            case 0x24 -> pins.change(c);
            case 0x2C -> pins.resetRetryCounter(c);
            case 0x84 -> getChallenge(c);
            case 0x70 -> manageChannel(c, channelNo);
            default -> Response.of(StatusWord.INS_NOT_SUPPORTED);
        };
    }

    /** Applies the protocol's rules for delivering response data; see the class comment. */
    private Response transport(ParsedCommand c, Response r) {
        if (!r.hasData()) {
            return r;
        }
        int length = r.data().length;
        if (profile.protocolT0()) {
            if (c.hasData() || !c.hasLe()) {
                pending = new Pending(r.data(), r.sw());
                return Response.of(StatusWord.withLength(StatusWord.BYTES_REMAINING, length));
            }
            if (c.ne() != 256 && length != c.ne()) { // Ne 256 is Le 00 on a short-only card
                return Response.of(StatusWord.withLength(StatusWord.WRONG_LE, length));
            }
        } else if (!c.hasLe()) {
            return Response.of(r.sw());
        }
        return length > c.ne() ? new Response(Arrays.copyOf(r.data(), c.ne()), r.sw()) : r;
    }

    private Response getResponse(ParsedCommand c, Pending carried) {
        if (carried == null) {
            return Response.of(StatusWord.CONDITIONS_NOT_SATISFIED);
        }
        if (c.p1() != 0 || c.p2() != 0) {
            return Response.of(StatusWord.WRONG_P1P2);
        }
        if (c.hasData() || !c.hasLe()) {
            return Response.of(StatusWord.WRONG_LENGTH);
        }
        int available = carried.data().length;
        int n;
        if (c.ne() == 256 && !c.extended()) { // Le 00: up to 256 bytes
            n = Math.min(256, available);
        } else if (c.ne() > available) {
            pending = carried;
            return Response.of(StatusWord.withLength(StatusWord.WRONG_LE, available));
        } else {
            n = c.ne();
        }
        byte[] part = Arrays.copyOf(carried.data(), n);
        if (n == available) {
            return new Response(part, carried.sw());
        }
        pending = new Pending(Arrays.copyOfRange(carried.data(), n, available), carried.sw());
        return new Response(part, StatusWord.withLength(StatusWord.BYTES_REMAINING, available - n));
    }

    private Response getChallenge(ParsedCommand c) {
        if (c.p1() != 0 || c.p2() != 0) {
            return Response.of(StatusWord.WRONG_P1P2);
        }
        if (c.hasData() || !c.hasLe() || c.ne() > 256) {
            return Response.of(StatusWord.WRONG_LENGTH);
        }
        byte[] challenge = new byte[c.ne()];
        random.nextBytes(challenge);
        return Response.ok(challenge);
    }

    private Response manageChannel(ParsedCommand c, int from) {
        if (c.hasData()) {
            return Response.of(StatusWord.WRONG_LENGTH);
        }
        int target = c.p2();
        if (c.p1() == 0x00) { // open
            if (target == 0) {
                if (!c.hasLe()) {
                    return Response.of(StatusWord.WRONG_LENGTH);
                }
                target = 1;
                while (target < CHANNELS && channels[target] != null) {
                    target++;
                }
                if (target == CHANNELS) {
                    return Response.of(StatusWord.FUNCTION_NOT_SUPPORTED);
                }
            } else if (target >= CHANNELS) {
                return Response.of(target <= 19 ? StatusWord.CHANNEL_NOT_SUPPORTED : StatusWord.WRONG_P1P2);
            } else if (channels[target] != null) {
                return Response.of(StatusWord.CONDITIONS_NOT_SATISFIED);
            }
            channels[target] = from == 0 ? new Channel(fs.mf()) : channels[from].copy();
            return c.p2() == 0 ? Response.ok(new byte[] {(byte) target}) : Response.of(StatusWord.OK);
        }
        if (c.p1() == 0x80) { // close
            if (target == 0) {
                target = from;
            }
            if (target == 0 || target > 19) {
                return Response.of(StatusWord.WRONG_P1P2);
            }
            if (target >= CHANNELS || channels[target] == null) {
                return Response.of(StatusWord.CHANNEL_NOT_SUPPORTED);
            }
            channels[target] = null;
            return Response.of(StatusWord.OK);
        }
        return Response.of(StatusWord.WRONG_P1P2);
    }
}
