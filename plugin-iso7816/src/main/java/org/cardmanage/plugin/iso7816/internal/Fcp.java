package org.cardmanage.plugin.iso7816.internal;

import org.cardmanage.api.service.FileInfo;

/**
 * Decodes what SELECT returns: an FCP ({@code 62}), FCI ({@code 6F}) or FMD ({@code 64}) template, into a
 * {@link FileInfo}. Only the data objects of ISO 7816-4 table 12 that {@code FileInfo} holds are decoded: {@code 80}
 * (size), {@code 82} (descriptor, record sizes), {@code 83} (file identifier), {@code 84} (DF name), {@code 88} (short
 * EF identifier). A template that is not well-formed BER-TLV is kept raw, with nothing decoded.
 */
final class Fcp {

    private Fcp() {
    }

    /**
     * @param response the SELECT response data, possibly empty
     * @param type what the command implies when the card says nothing (a DF for SELECT by AID)
     * @param fileId the file identifier the command named, or -1
     * @return the decoded information
     */
    static FileInfo parse(byte[] response, FileInfo.Type type, int fileId) {
        Decoded d = new Decoded(type, fileId);
        try {
            if (response.length > 0) {
                Tlv template = Tlv.read(response, 0);
                for (int at = template.valueStart(); at < template.end(); ) {
                    Tlv item = Tlv.read(response, at);
                    d.take(item, response);
                    at = item.end();
                }
            }
        } catch (IllegalArgumentException malformed) {
            d = new Decoded(type, fileId);
        }
        return d.build(response);
    }

    /** One BER-TLV data object located in a buffer. */
    private record Tlv(int tag, int valueStart, int length) {
        int end() {
            return valueStart + length;
        }

        static Tlv read(byte[] b, int at) {
            int i = at;
            int tag = get(b, i++);
            if ((tag & 0x1F) == 0x1F) { // multi-byte tag
                int next;
                do {
                    next = get(b, i++);
                    tag = (tag << 8) | next;
                } while ((next & 0x80) != 0);
            }
            int length = get(b, i++);
            if (length == 0x81) {
                length = get(b, i++);
            } else if (length == 0x82) {
                length = (get(b, i) << 8) | get(b, i + 1);
                i += 2;
            } else if (length > 0x80) {
                throw new IllegalArgumentException("unsupported BER length form");
            }
            if (i + length > b.length) {
                throw new IllegalArgumentException("data object runs past the end");
            }
            return new Tlv(tag, i, length);
        }

        private static int get(byte[] b, int i) {
            if (i >= b.length) {
                throw new IllegalArgumentException("truncated data object");
            }
            return b[i] & 0xFF;
        }
    }

    /** What has been decoded so far. */
    private static final class Decoded {
        FileInfo.Type type;
        int fileId;
        int size = -1;
        byte[] dfName;
        int shortFileId = -1;
        int recordLength = -1;
        int recordCount = -1;

        Decoded(FileInfo.Type type, int fileId) {
            this.type = type;
            this.fileId = fileId;
        }

        void take(Tlv item, byte[] b) {
            int v = item.valueStart();
            int n = item.length();
            switch (item.tag()) {
                case 0x80 -> size = n >= 1 && n <= 3 ? number(b, v, n) : size;
                case 0x82 -> descriptor(b, v, n);
                case 0x83 -> fileId = n == 2 ? number(b, v, 2) : fileId;
                case 0x84 -> dfName = n >= 1 && n <= 16 ? java.util.Arrays.copyOfRange(b, v, v + n) : dfName;
                case 0x88 -> shortFileId = n == 1 && (b[v] & 0xFF) >>> 3 >= 1 && (b[v] & 0xFF) >>> 3 <= 30
                        ? (b[v] & 0xFF) >>> 3 : shortFileId;
                default -> {
                    // other data objects are kept in the raw template only
                }
            }
        }

        /** Descriptor byte, data coding byte, maximum record size (1 or 2 bytes), number of records (1 or 2). */
        private void descriptor(byte[] b, int v, int n) {
            if (n < 1) {
                return;
            }
            int descriptor = b[v] & 0xFF;
            if ((descriptor & 0x38) == 0x38) {
                type = FileInfo.Type.DF;
                return;
            }
            int structure = descriptor & 0x07;
            type = structure == 1 ? FileInfo.Type.TRANSPARENT
                    : structure >= 2 ? FileInfo.Type.RECORD : FileInfo.Type.UNKNOWN;
            if (type == FileInfo.Type.RECORD && n >= 3) {
                recordLength = n == 3 ? b[v + 2] & 0xFF : number(b, v + 2, 2);
                recordCount = n == 5 ? b[v + 4] & 0xFF : n >= 6 ? number(b, v + 4, 2) : recordCount;
            }
        }

        private static int number(byte[] b, int at, int n) {
            int value = 0;
            for (int i = 0; i < n; i++) {
                value = (value << 8) | (b[at + i] & 0xFF);
            }
            return value;
        }

        FileInfo build(byte[] raw) {
            FileInfo.Builder builder = FileInfo.builder(type).fcp(raw);
            if (fileId >= 0) {
                builder.fileId(fileId);
            }
            if (size >= 0) {
                builder.size(size);
            }
            if (dfName != null) {
                builder.dfName(dfName);
            }
            if (shortFileId >= 0) {
                builder.shortFileId(shortFileId);
            }
            if (recordLength >= 0 && recordCount >= 0) {
                builder.records(recordLength, recordCount);
            }
            return builder.build();
        }
    }
}
