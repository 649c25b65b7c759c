package org.cardmanage.plugin.iso7816.internal;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.ResponseApdu;
import org.cardmanage.api.service.CardStatusException;
import org.cardmanage.api.service.FileAccess;
import org.cardmanage.api.service.FileInfo;

/**
 * {@link FileAccess} with the interindustry commands: SELECT (A4), READ BINARY (B0), UPDATE BINARY (D6), READ RECORD
 * (B2), short APDUs only, so it works with T=0 cards and cards without extended length alike. Files larger than one
 * APDU are read in parts of at most 256 bytes and written in parts of at most 255; {@code 61xx} and {@code 6Cxx} are
 * completed by the core. Offsets above 32767 (READ BINARY with odd INS) are not supported.
 *
 * <p>Thread-safe: calls on one view are serialised, because each remembers the file the view selected last.
 */
final class IsoFileAccess implements FileAccess {
    static final int MAX_LE = 256;
    static final int MAX_LC = 255;
    static final int MAX_OFFSET = 0x7FFF;
    private static final int MAX_RECORD = 254;

    private final Attachment card;
    private FileInfo current; // what this view's last SELECT reported; guarded by this

    IsoFileAccess(Attachment card) {
        this.card = card;
    }

    @Override
    public synchronized FileInfo select(int fileId) throws CardException {
        checkFileId(fileId);
        return select(new CommandApdu(0x00, 0xA4, 0x00, 0x00, twoBytes(fileId), MAX_LE), "SELECT " + hex(fileId),
                FileInfo.Type.UNKNOWN, fileId);
    }

    @Override
    public synchronized FileInfo selectPath(int... path) throws CardException {
        if (path == null || path.length == 0) {
            throw new IllegalArgumentException("path is null or empty");
        }
        int start = path[0] == 0x3F00 ? 1 : 0; // the path form of SELECT starts below the MF
        if (start == path.length) {
            return select(0x3F00);
        }
        if (path.length - start > MAX_LC / 2) {
            throw new IllegalArgumentException("path has " + path.length + " elements, more than fit in one SELECT");
        }
        byte[] data = new byte[2 * (path.length - start)];
        StringBuilder shown = new StringBuilder("SELECT path 3F00");
        for (int i = start; i < path.length; i++) {
            checkFileId(path[i]);
            data[2 * (i - start)] = (byte) (path[i] >> 8);
            data[2 * (i - start) + 1] = (byte) path[i];
            shown.append('/').append(hex(path[i]));
        }
        return select(new CommandApdu(0x00, 0xA4, 0x08, 0x00, data, MAX_LE), shown.toString(), FileInfo.Type.UNKNOWN,
                path[path.length - 1]);
    }

    @Override
    public synchronized FileInfo selectAid(byte[] aid) throws CardException {
        if (aid == null || aid.length < 1 || aid.length > 16) {
            throw new IllegalArgumentException("AID must be 1..16 bytes, was "
                    + (aid == null ? "null" : aid.length + " bytes"));
        }
        return select(new CommandApdu(0x00, 0xA4, 0x04, 0x00, aid, MAX_LE), "SELECT AID " + hex(aid),
                FileInfo.Type.DF, -1);
    }

    private FileInfo select(CommandApdu command, String what, FileInfo.Type implied, int fileId)
            throws CardException {
        ResponseApdu response = IsoStatus.expectSuccess(card.transmit(command), what, card.readerName());
        current = Fcp.parse(response.data(), implied, fileId);
        return current;
    }

    @Override
    public synchronized byte[] readBinary(int offset, int length) throws CardException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative, were " + offset + " and "
                    + length);
        }
        if (offset > MAX_OFFSET) {
            throw new IllegalArgumentException("offset " + offset + " is above " + MAX_OFFSET
                    + ", which READ BINARY with even INS cannot address");
        }
        return read(offset, length, false);
    }

    @Override
    public synchronized byte[] readBinary() throws CardException {
        FileInfo file = current;
        boolean sized = file != null && file.type() == FileInfo.Type.TRANSPARENT && file.size().isPresent();
        return read(0, sized ? file.size().getAsInt() : Integer.MAX_VALUE, true);
    }

    /**
     * Reads in parts until {@code length} bytes are read or the file ends (a short part, {@code 6282}, or, when
     * reading to the end, {@code 6B00} at the first offset past it).
     */
    private byte[] read(int offset, int length, boolean toEnd) throws CardException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int position = offset;
        while (out.size() < length) {
            if (position > MAX_OFFSET) {
                throw new NotSupportedException("the file in reader '" + card.readerName() + "' is longer than "
                        + (MAX_OFFSET + 1) + " bytes; plugin-iso7816 cannot read beyond that offset");
            }
            int wanted = Math.min(MAX_LE, length - out.size());
            ResponseApdu part = card.transmit(new CommandApdu(0x00, 0xB0, position >> 8, position & 0xFF, wanted));
            if (part.sw() == 0x6B00 && (toEnd || out.size() > 0)) {
                break;
            }
            if (part.sw() == 0x6B00) {
                throw new CardStatusException("READ BINARY at offset " + position + " in reader '"
                        + card.readerName() + "': the offset is at or beyond the end of the file", part.sw());
            }
            IsoStatus.expectSuccess(part, "READ BINARY at offset " + position, card.readerName());
            out.write(part.data(), 0, part.dataLength());
            position += part.dataLength();
            if (part.dataLength() < wanted || part.sw() == 0x6282) {
                break;
            }
        }
        return out.toByteArray();
    }

    @Override
    public synchronized void updateBinary(int offset, byte[] data) throws CardException {
        if (offset < 0 || data == null || data.length == 0) {
            throw new IllegalArgumentException("offset must not be negative and data must not be null or empty");
        }
        if (offset + data.length - 1 > MAX_OFFSET) {
            throw new IllegalArgumentException("bytes " + offset + ".." + (offset + data.length - 1) + " reach above "
                    + MAX_OFFSET + ", which UPDATE BINARY with even INS cannot address");
        }
        for (int done = 0; done < data.length; done += MAX_LC) {
            int position = offset + done;
            byte[] part = Arrays.copyOfRange(data, done, Math.min(data.length, done + MAX_LC));
            IsoStatus.expectSuccess(card.transmit(new CommandApdu(0x00, 0xD6, position >> 8, position & 0xFF, part)),
                    "UPDATE BINARY of " + part.length + " bytes at offset " + position, card.readerName());
        }
    }

    @Override
    public synchronized byte[] readRecord(int recordNumber) throws CardException {
        if (recordNumber < 1 || recordNumber > MAX_RECORD) {
            throw new IllegalArgumentException("record number must be 1.." + MAX_RECORD + ", was " + recordNumber);
        }
        return IsoStatus.expectSuccess(card.transmit(readRecordCommand(recordNumber)),
                "READ RECORD " + recordNumber, card.readerName()).data();
    }

    @Override
    public synchronized List<byte[]> readRecords() throws CardException {
        List<byte[]> records = new ArrayList<>();
        for (int n = 1; n <= MAX_RECORD; n++) {
            ResponseApdu response = card.transmit(readRecordCommand(n));
            if (response.sw() == 0x6A83) { // record not found: past the last one
                break;
            }
            records.add(IsoStatus.expectSuccess(response, "READ RECORD " + n, card.readerName()).data());
        }
        return records;
    }

    private static CommandApdu readRecordCommand(int recordNumber) {
        return new CommandApdu(0x00, 0xB2, recordNumber, 0x04, MAX_LE); // P2=04: record number in P1, current EF
    }

    private static void checkFileId(int fileId) {
        if (fileId < 0 || fileId > 0xFFFF) {
            throw new IllegalArgumentException("file identifier must be 0000..FFFF, was " + fileId);
        }
    }

    private static byte[] twoBytes(int value) {
        return new byte[] {(byte) (value >> 8), (byte) value};
    }

    private static String hex(int fileId) {
        return String.format("%04X", fileId);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    @Override
    public String toString() {
        return "ISO 7816-4 FileAccess on " + card.readerName();
    }
}
