package org.cardmanage.api.service;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a card told about a file when {@link FileAccess} selected it: the decoded parts of its control parameters (the
 * FCP template, tag {@code 62}, of ISO 7816-4) and the raw template. Every decoded part is optional: cards differ in
 * what they report, and a SELECT without response data reports nothing. Immutable; built with {@link #builder}.
 *
 * @since 1.0
 */
public final class FileInfo {

    /** The kind of file (ISO 7816-4 file descriptor byte). */
    public enum Type {
        /** A dedicated file: the MF, an application or another directory. */
        DF,
        /** A transparent EF, read and written with READ/UPDATE BINARY. */
        TRANSPARENT,
        /** A record EF (linear fixed, linear variable or cyclic), read with READ RECORD. */
        RECORD,
        /** The card did not say. */
        UNKNOWN
    }

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final Type type;
    private final int fileId;
    private final int size;
    private final byte[] dfName;
    private final int shortFileId;
    private final int recordLength;
    private final int recordCount;
    private final byte[] fcp;

    private FileInfo(Builder b) {
        this.type = b.type;
        this.fileId = b.fileId;
        this.size = b.size;
        this.dfName = b.dfName;
        this.shortFileId = b.shortFileId;
        this.recordLength = b.recordLength;
        this.recordCount = b.recordCount;
        this.fcp = b.fcp;
    }

    /**
     * @param type the kind of file
     * @return a builder with nothing else known
     * @throws IllegalArgumentException if type is null
     */
    public static Builder builder(Type type) {
        if (type == null) {
            throw new IllegalArgumentException("file type is null (use UNKNOWN)");
        }
        return new Builder(type);
    }

    /** @return the kind of file */
    public Type type() {
        return type;
    }

    /** @return the 2-byte file identifier, e.g. {@code 0x2F01}, if known */
    public OptionalInt fileId() {
        return optional(fileId);
    }

    /** @return the number of data bytes of an EF (FCP tag {@code 80}), if known */
    public OptionalInt size() {
        return optional(size);
    }

    /** @return a copy of the DF name (AID) of a DF (FCP tag {@code 84}), if it has one */
    public Optional<byte[]> dfName() {
        return Optional.ofNullable(dfName).map(byte[]::clone);
    }

    /** @return the short EF identifier 1..30 (FCP tag {@code 88}), if the EF has one */
    public OptionalInt shortFileId() {
        return optional(shortFileId);
    }

    /** @return the (maximum) record length of a record EF, if known */
    public OptionalInt recordLength() {
        return optional(recordLength);
    }

    /** @return the number of records of a record EF, if known */
    public OptionalInt recordCount() {
        return optional(recordCount);
    }

    /** @return a copy of the control parameters as the card sent them; empty if it sent none */
    public byte[] fcp() {
        return fcp.clone();
    }

    private static OptionalInt optional(int value) {
        return value < 0 ? OptionalInt.empty() : OptionalInt.of(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FileInfo that && type == that.type && fileId == that.fileId && size == that.size
                && Arrays.equals(dfName, that.dfName) && shortFileId == that.shortFileId
                && recordLength == that.recordLength && recordCount == that.recordCount
                && Arrays.equals(fcp, that.fcp);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type.hashCode() + fileId) + Arrays.hashCode(fcp);
    }

    /** @return e.g. {@code FileInfo[TRANSPARENT, id=2F01, size=600]} */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("FileInfo[").append(type);
        if (fileId >= 0) {
            s.append(", id=").append(String.format("%04X", fileId));
        }
        if (dfName != null) {
            s.append(", name=").append(HEX.formatHex(dfName));
        }
        if (size >= 0) {
            s.append(", size=").append(size);
        }
        if (recordCount >= 0) {
            s.append(", records=").append(recordCount);
        }
        if (recordLength >= 0) {
            s.append(", recordLength=").append(recordLength);
        }
        return s.append(']').toString();
    }

    /** Collects what is known about a file; unset parts stay unknown. */
    public static final class Builder {
        private final Type type;
        private int fileId = -1;
        private int size = -1;
        private byte[] dfName;
        private int shortFileId = -1;
        private int recordLength = -1;
        private int recordCount = -1;
        private byte[] fcp = new byte[0];

        private Builder(Type type) {
            this.type = type;
        }

        /**
         * @param value the file identifier, {@code 0x0000..0xFFFF}
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder fileId(int value) {
            fileId = check(value, 0xFFFF, "file identifier");
            return this;
        }

        /**
         * @param value the number of data bytes, not negative
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder size(int value) {
            size = check(value, Integer.MAX_VALUE, "file size");
            return this;
        }

        /**
         * @param value the DF name, 1..16 bytes, copied
         * @return this builder
         * @throws IllegalArgumentException if null or not 1..16 bytes
         */
        public Builder dfName(byte[] value) {
            if (value == null || value.length < 1 || value.length > 16) {
                throw new IllegalArgumentException("DF name must be 1..16 bytes, was "
                        + (value == null ? "null" : value.length + " bytes"));
            }
            dfName = value.clone();
            return this;
        }

        /**
         * @param value the short EF identifier, 1..30
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder shortFileId(int value) {
            if (value < 1 || value > 30) {
                throw new IllegalArgumentException("short EF identifier must be 1..30, was " + value);
            }
            shortFileId = value;
            return this;
        }

        /**
         * @param length the (maximum) record length, not negative
         * @param count the number of records, not negative
         * @return this builder
         * @throws IllegalArgumentException if either is negative
         */
        public Builder records(int length, int count) {
            recordLength = check(length, Integer.MAX_VALUE, "record length");
            recordCount = check(count, Integer.MAX_VALUE, "record count");
            return this;
        }

        /**
         * @param value the raw control parameters, copied
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder fcp(byte[] value) {
            if (value == null) {
                throw new IllegalArgumentException("FCP is null (use an empty array)");
            }
            fcp = value.clone();
            return this;
        }

        /** @return the file information */
        public FileInfo build() {
            return new FileInfo(this);
        }

        private static int check(int value, int max, String what) {
            if (value < 0 || value > max) {
                throw new IllegalArgumentException(what + " out of range 0.." + max + ": " + value);
            }
            return value;
        }
    }
}
