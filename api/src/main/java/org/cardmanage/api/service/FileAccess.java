package org.cardmanage.api.service;

import java.util.List;

import org.cardmanage.api.CardException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Reads and writes the files of an ISO 7816-4 card: select a file by identifier, path or application identifier, then
 * read or update it. The SCSP counterpart is {@code ISCardFileAccess} (made by {@code ISCardManage::CreateFileAccess});
 * obtain one with {@code attachment.createInterface(FileAccess.class)}.
 *
 * <p>A view works on its attachment's card: the card's current file is the one the last SELECT on that card chose,
 * whoever sent it. A call may exchange several APDUs (a file larger than one APDU is read in parts), so an application
 * that shares the card with other attachments holds {@link org.cardmanage.api.Attachment#lock} around a sequence of
 * calls that must not be interleaved.
 *
 * <p>Failures: {@link CardFileNotFoundException} for a missing file, {@link SecurityStatusException} when the file's
 * access conditions are not met, {@link CardStatusException} for any other refusal (with the status word),
 * {@link org.cardmanage.api.NotSupportedException} when the card does not know the command; plus every exception of
 * {@link org.cardmanage.api.Attachment}, and {@link CardServiceUnavailableException} once the plugin is gone.
 * Malformed arguments are an {@link IllegalArgumentException}.
 *
 * @since 1.0
 */
@ConsumerType
public interface FileAccess {

    /**
     * Selects a file by its identifier (SELECT, P1=00), looked up as ISO 7816-4 says: the MF ({@code 0x3F00}), the
     * current DF, a child of the current DF, its parent, or a child of its parent.
     *
     * @param fileId the 2-byte file identifier, {@code 0x0000..0xFFFF}
     * @return what the card said about the file
     * @throws CardFileNotFoundException if there is no such file
     * @throws CardException see the class comment
     * @throws IllegalArgumentException if fileId is out of range
     */
    FileInfo select(int fileId) throws CardException;

    /**
     * Selects a file by its absolute path from the MF (SELECT, P1=08), e.g. {@code selectPath(0x5000, 0x5001)}. A
     * leading {@code 0x3F00} is allowed and ignored.
     *
     * @param path the file identifiers of the DFs on the way and of the file itself
     * @return what the card said about the file
     * @throws CardFileNotFoundException if any element of the path does not exist
     * @throws CardException see the class comment
     * @throws IllegalArgumentException if the path is null, empty, or has an identifier out of range
     */
    FileInfo selectPath(int... path) throws CardException;

    /**
     * Selects an application DF by its DF name, the AID (SELECT, P1=04).
     *
     * @param aid the application identifier, 1..16 bytes
     * @return what the card said about the DF
     * @throws CardFileNotFoundException if no DF has that name
     * @throws CardException see the class comment
     * @throws IllegalArgumentException if aid is null or not 1..16 bytes
     */
    FileInfo selectAid(byte[] aid) throws CardException;

    /**
     * Reads bytes of the current transparent EF (READ BINARY, as many commands as needed).
     *
     * @param offset where to start, from 0
     * @param length how many bytes to read; may exceed what one APDU carries
     * @return the bytes; fewer than {@code length} only if the file ends first
     * @throws CardStatusException if the offset is at or beyond the end of the file ({@code 6B00}) or the current
     *     file is not transparent
     * @throws SecurityStatusException if reading needs a verification that has not happened
     * @throws CardException see the class comment
     * @throws IllegalArgumentException if offset or length is negative, or the offset is beyond what the plugin can
     *     address
     */
    byte[] readBinary(int offset, int length) throws CardException;

    /**
     * Reads the whole current transparent EF: its size as the last selection by this view reported, or else up to
     * the end of the file.
     *
     * @return the file's bytes
     * @throws CardException as {@link #readBinary(int, int)}
     */
    byte[] readBinary() throws CardException;

    /**
     * Writes bytes into the current transparent EF (UPDATE BINARY, as many commands as needed).
     *
     * @param offset where to start, from 0
     * @param data the bytes to write, not empty
     * @throws CardStatusException if the data does not fit in the file, or the current file is not transparent
     * @throws SecurityStatusException if writing needs a verification that has not happened
     * @throws CardException see the class comment
     * @throws IllegalArgumentException if offset is negative or data is null or empty
     */
    void updateBinary(int offset, byte[] data) throws CardException;

    /**
     * Reads one record of the current record EF (READ RECORD, record number in P1).
     *
     * @param recordNumber the record number, 1..254
     * @return the record's bytes
     * @throws CardStatusException if there is no such record ({@code 6A83}) or the current file is not a record file
     * @throws CardException see the class comment
     * @throws IllegalArgumentException if recordNumber is out of range
     */
    byte[] readRecord(int recordNumber) throws CardException;

    /**
     * Reads every record of the current record EF, from record 1 until the card has no more.
     *
     * @return the records in order; empty for a file without records
     * @throws CardException as {@link #readRecord(int)}, except that the end of the records ends the list
     */
    List<byte[]> readRecords() throws CardException;
}
