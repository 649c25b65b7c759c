package org.example.democard.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.ResponseApdu;
import org.cardmanage.api.ScardError;
import org.cardmanage.api.SharingViolationException;
import org.cardmanage.api.service.FileAccess;
import org.cardmanage.api.service.FileInfo;
import org.example.democard.DemoCard;

/**
 * The vendor's view of one demo card: the standard {@link FileAccess} tuned for this card, and the vendor's own
 * {@link DemoCard}. The platform hands applications a proxy of whichever interface they asked for, and cuts this
 * object off when the vendor bundle goes away.
 *
 * <p>Every command is a short APDU with exact lengths taken from the vendor's file table, so the T=0 card never has to
 * answer {@code 6Cxx}, and SELECT asks for no control parameters ({@code P2=0C}), which saves a GET RESPONSE. The
 * {@link DemoCard} operations, which take several commands, hold the card's lock so that no other attachment
 * interleaves a SELECT. Calls on one view are serialised: it remembers the file it selected.
 */
final class DemoCardView implements FileAccess, DemoCard {
    private static final int MAX_LE = 256;
    private static final int MAX_LC = 255;
    private static final Duration LOCK_WAIT = Duration.ofSeconds(2);

    private final Attachment card;
    private FileInfo current = DemoCardFiles.describe(DemoCardFiles.MF); // guarded by this

    DemoCardView(Attachment card) {
        this.card = card;
    }

    // ---- FileAccess -----------------------------------------------------------------------------------------------

    @Override
    public synchronized FileInfo select(int fileId) throws CardException {
        checkFileId(fileId);
        send(new CommandApdu(0x00, 0xA4, 0x00, 0x0C, new byte[] {(byte) (fileId >> 8), (byte) fileId}),
                String.format("SELECT %04X", fileId));
        current = DemoCardFiles.describe(fileId);
        return current;
    }

    @Override
    public synchronized FileInfo selectPath(int... path) throws CardException {
        if (path == null || path.length == 0) {
            throw new IllegalArgumentException("path is null or empty");
        }
        int[] below = path[0] == DemoCardFiles.MF ? Arrays.copyOfRange(path, 1, path.length) : path;
        if (below.length == 0) {
            return select(DemoCardFiles.MF);
        }
        byte[] data = new byte[2 * below.length];
        for (int i = 0; i < below.length; i++) {
            checkFileId(below[i]);
            data[2 * i] = (byte) (below[i] >> 8);
            data[2 * i + 1] = (byte) below[i];
        }
        send(new CommandApdu(0x00, 0xA4, 0x08, 0x0C, data), "SELECT by path");
        current = DemoCardFiles.describe(below[below.length - 1]);
        return current;
    }

    @Override
    public synchronized FileInfo selectAid(byte[] aid) throws CardException {
        if (aid == null || aid.length < 1 || aid.length > 16) {
            throw new IllegalArgumentException("AID must be 1..16 bytes");
        }
        send(new CommandApdu(0x00, 0xA4, 0x04, 0x0C, aid), "SELECT by AID");
        // The card has one application; a matching AID selects it.
        current = DemoCardFiles.describe(DemoCardFiles.DF_APPLICATION);
        return current;
    }

    @Override
    public synchronized byte[] readBinary(int offset, int length) throws CardException {
        if (offset < 0 || length < 0 || offset > 0x7FFF) {
            throw new IllegalArgumentException("offset must be 0..32767 and length not negative");
        }
        if (length == 0) {
            return new byte[0];
        }
        // Up to the end of the file as the table knows it, but at least one byte, so that the card itself reports
        // an offset at or past the end (6B00).
        long fileEnd = Math.max(current.size().orElse(Integer.MAX_VALUE), offset + 1);
        int end = (int) Math.min(fileEnd, (long) offset + length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int position = offset; position < end; ) {
            int wanted = Math.min(MAX_LE, end - position);
            byte[] part = send(new CommandApdu(0x00, 0xB0, position >> 8, position & 0xFF, wanted),
                    "READ BINARY at " + position).data();
            out.write(part, 0, part.length);
            if (part.length < wanted) {
                break;
            }
            position += part.length;
        }
        return out.toByteArray();
    }

    @Override
    public synchronized byte[] readBinary() throws CardException {
        return readBinary(0, current.size().orElse(MAX_LE));
    }

    @Override
    public synchronized void updateBinary(int offset, byte[] data) throws CardException {
        if (offset < 0 || data == null || data.length == 0) {
            throw new IllegalArgumentException("offset must not be negative and data must not be empty");
        }
        for (int done = 0; done < data.length; done += MAX_LC) {
            int position = offset + done;
            byte[] part = Arrays.copyOfRange(data, done, Math.min(data.length, done + MAX_LC));
            send(new CommandApdu(0x00, 0xD6, position >> 8, position & 0xFF, part), "UPDATE BINARY at " + position);
        }
    }

    @Override
    public synchronized byte[] readRecord(int recordNumber) throws CardException {
        if (recordNumber < 1 || recordNumber > 254) {
            throw new IllegalArgumentException("record number must be 1..254, was " + recordNumber);
        }
        int length = current.recordLength().orElse(MAX_LE);
        return send(new CommandApdu(0x00, 0xB2, recordNumber, 0x04, length), "READ RECORD " + recordNumber).data();
    }

    @Override
    public synchronized List<byte[]> readRecords() throws CardException {
        List<byte[]> records = new ArrayList<>();
        int count = current.recordCount().orElse(0);
        for (int n = 1; n <= count; n++) {
            records.add(readRecord(n));
        }
        return records;
    }

    // ---- DemoCard -------------------------------------------------------------------------------------------------

    @Override
    public synchronized String applicationLabel() throws CardException {
        try (CardLock lock = lockCard()) {
            select(DemoCardFiles.MF);
            select(DemoCardFiles.EF_DIR);
            return label(readBinary());
        }
    }

    /** EF.DIR holds one application template: 61 { 4F aid, 50 label }. */
    private static String label(byte[] dir) {
        for (int i = 2; i + 1 < dir.length; i += 2 + (dir[i + 1] & 0xFF)) {
            if (dir[i] == 0x50 && i + 2 + (dir[i + 1] & 0xFF) <= dir.length) {
                return new String(dir, i + 2, dir[i + 1] & 0xFF, StandardCharsets.US_ASCII);
            }
        }
        return "";
    }

    @Override
    public synchronized byte[] publicData() throws CardException {
        try (CardLock lock = lockCard()) {
            selectPath(DemoCardFiles.DF_APPLICATION, DemoCardFiles.EF_PUBLIC);
            return readBinary();
        }
    }

    @Override
    public synchronized byte[] protectedData(char[] pin) throws CardException {
        byte[] digits = pinDigits(pin);
        try (CardLock lock = lockCard()) {
            send(new CommandApdu(0x00, 0x20, 0x00, 0x81, digits), "VERIFY");
            selectPath(DemoCardFiles.DF_APPLICATION, DemoCardFiles.EF_PROTECTED);
            return readBinary();
        } finally {
            Arrays.fill(digits, (byte) 0);
        }
    }

    /** The demo card takes its PIN as 4 to 8 ASCII digits. */
    private static byte[] pinDigits(char[] pin) {
        if (pin == null || pin.length < 4 || pin.length > 8) {
            throw new IllegalArgumentException("the demo card's PIN has 4 to 8 digits");
        }
        byte[] digits = new byte[pin.length];
        for (int i = 0; i < pin.length; i++) {
            if (pin[i] < '0' || pin[i] > '9') {
                Arrays.fill(digits, (byte) 0);
                throw new IllegalArgumentException("the demo card's PIN has digits only");
            }
            digits[i] = (byte) pin[i];
        }
        return digits;
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** @return the card's lock, or null if the application already holds it for this attachment (locks nest not) */
    private CardLock lockCard() throws CardException {
        try {
            return card.lock(LOCK_WAIT);
        } catch (SharingViolationException e) {
            throw e; // another attachment has the card exclusively
        } catch (CardException e) {
            if (e.error() == ScardError.SCARD_E_SHARING_VIOLATION) {
                return null; // try-with-resources skips a null resource
            }
            throw e;
        }
    }

    private ResponseApdu send(CommandApdu command, String what) throws CardException {
        return Responses.check(card.transmit(command), what, card.readerName());
    }

    private static void checkFileId(int fileId) {
        if (fileId < 0 || fileId > 0xFFFF) {
            throw new IllegalArgumentException("file identifier must be 0000..FFFF, was " + fileId);
        }
    }

    @Override
    public String toString() {
        return "demo card view on " + card.readerName();
    }
}
