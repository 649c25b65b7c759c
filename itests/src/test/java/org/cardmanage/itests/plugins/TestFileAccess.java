package org.cardmanage.itests.plugins;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.NotSupportedException;
import org.cardmanage.api.service.FileAccess;
import org.cardmanage.api.service.FileInfo;

/**
 * A test plugin's view: {@link #readBinary()} answers the plugin's name, so a test sees whose view it got, and
 * {@link #select} really talks to the card; the rest is not supported.
 */
public final class TestFileAccess implements FileAccess {
    private final String name;
    private final Attachment card;

    public TestFileAccess(String name, Attachment card) {
        this.name = name;
        this.card = card;
    }

    @Override
    public FileInfo select(int fileId) throws CardException {
        card.transmit(new CommandApdu(0x00, 0xA4, 0x00, 0x0C, new byte[] {(byte) (fileId >> 8), (byte) fileId}));
        return FileInfo.builder(FileInfo.Type.UNKNOWN).fileId(fileId).build();
    }

    @Override
    public byte[] readBinary() {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public FileInfo selectPath(int... path) throws CardException {
        throw unsupported();
    }

    @Override
    public FileInfo selectAid(byte[] aid) throws CardException {
        throw unsupported();
    }

    @Override
    public byte[] readBinary(int offset, int length) throws CardException {
        throw unsupported();
    }

    @Override
    public void updateBinary(int offset, byte[] data) throws CardException {
        throw unsupported();
    }

    @Override
    public byte[] readRecord(int recordNumber) throws CardException {
        throw unsupported();
    }

    @Override
    public List<byte[]> readRecords() throws CardException {
        throw unsupported();
    }

    private NotSupportedException unsupported() {
        return new NotSupportedException("test plugin " + name + " only selects");
    }
}
