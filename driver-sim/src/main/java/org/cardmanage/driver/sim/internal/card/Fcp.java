package org.cardmanage.driver.sim.internal.card;

import java.io.ByteArrayOutputStream;

/**
 * Builds the FCP template (tag 62) returned by SELECT: 80 file size (EFs only), 82 file descriptor, 83 file
 * identifier, 84 DF name (DFs that have one), 88 short EF identifier (EFs that have one), 8A life cycle status
 * (05 = operational, activated).
 */
final class Fcp {

    private Fcp() {
    }

    static byte[] of(CardFile f) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        switch (f.type()) {
            case TRANSPARENT -> {
                tlv(body, 0x80, (byte) (f.size() >>> 8), (byte) f.size());
                tlv(body, 0x82, (byte) 0x01);
            }
            case LINEAR_FIXED -> {
                tlv(body, 0x80, (byte) (f.size() >>> 8), (byte) f.size());
                // descriptor 02 (linear fixed), data coding 21, max record length (2 bytes), number of records
                tlv(body, 0x82, (byte) 0x02, (byte) 0x21, (byte) (f.recordLength() >>> 8), (byte) f.recordLength(),
                        (byte) f.recordCount());
            }
            case DF -> tlv(body, 0x82, (byte) 0x38);
        }
        tlv(body, 0x83, (byte) (f.fid() >>> 8), (byte) f.fid());
        if (f.dfName() != null) {
            tlv(body, 0x84, f.dfName());
        }
        if (f.sfi() != 0) {
            tlv(body, 0x88, (byte) (f.sfi() << 3));
        }
        tlv(body, 0x8A, (byte) 0x05);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tlv(out, 0x62, body.toByteArray());
        return out.toByteArray();
    }

    // All values here are short, so a one-byte length always fits.
    private static void tlv(ByteArrayOutputStream out, int tag, byte... value) {
        out.write(tag);
        out.write(value.length);
        out.write(value, 0, value.length);
    }
}
