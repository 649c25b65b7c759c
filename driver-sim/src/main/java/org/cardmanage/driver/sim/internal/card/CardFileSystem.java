package org.cardmanage.driver.sim.internal.card;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.cardmanage.driver.sim.internal.card.CardFile.Access;

/**
 * The demo file tree, identical for every profile:
 *
 * <pre>
 * MF 3F00
 * ├── EF 2F00  transparent, 18 bytes, SFI 1E: EF.DIR-like, one application template for DF 5000
 * ├── EF 2F01  transparent, 600 bytes, SFI 02: byte i = i &amp; 0xFF; read and update always
 * ├── EF 0001  linear fixed, 3 records of 16 bytes, SFI 01: record n is filled with n
 * └── DF 5000  DF name F0 43 4D 53 49 4D 00 01 ({@link SimulatedCard#DEMO_AID})
 *     ├── EF 5001  transparent, 64 bytes, SFI 01: read and update need the PIN
 *     └── EF 5002  transparent, 32 bytes, SFI 02: read always, update needs the PIN
 * </pre>
 *
 * EF 2F00 updates need the PIN; EF 0001 cannot be updated (no UPDATE RECORD).
 */
final class CardFileSystem {

    static final int MF = 0x3F00;
    static final int EF_DIR = 0x2F00;
    static final int EF_BIG = 0x2F01;
    static final int EF_RECORDS = 0x0001;
    static final int DF_APP = 0x5000;
    static final int EF_SECRET = 0x5001;
    static final int EF_PUBLIC = 0x5002;

    static final int BIG_SIZE = 600;
    static final int RECORD_LENGTH = 16;
    static final int RECORD_COUNT = 3;
    static final int SECRET_SIZE = 64;
    static final int PUBLIC_SIZE = 32;

    private final CardFile mf;

    CardFileSystem() {
        byte[] aid = aid();
        CardFile app = CardFile.df(DF_APP, aid)
                .add(CardFile.transparent(EF_SECRET, 0x01, secretContent(), Access.PIN, Access.PIN))
                .add(CardFile.transparent(EF_PUBLIC, 0x02, publicContent(), Access.ALWAYS, Access.PIN));
        mf = CardFile.df(MF, null)
                .add(CardFile.transparent(EF_DIR, 0x1E, dirContent(aid), Access.ALWAYS, Access.PIN))
                .add(CardFile.transparent(EF_BIG, 0x02, bigContent(), Access.ALWAYS, Access.ALWAYS))
                .add(CardFile.linearFixed(EF_RECORDS, 0x01, RECORD_LENGTH, RECORD_COUNT, Access.ALWAYS))
                .add(app);
    }

    CardFile mf() {
        return mf;
    }

    /**
     * SELECT P1=00: the MF, the current DF itself, a child of the current DF, its parent or a child of its parent
     * (ISO 7816-4 7.1.1, searched in that order).
     */
    CardFile byFid(CardFile currentDf, int fid) {
        if (fid == MF) {
            return mf;
        }
        if (fid == currentDf.fid()) {
            return currentDf;
        }
        CardFile found = currentDf.child(fid);
        CardFile parent = currentDf.parent();
        if (found == null && parent != null) {
            found = parent.fid() == fid ? parent : parent.child(fid);
        }
        return found;
    }

    /** SELECT P1=04: the first DF, depth first, whose DF name starts with {@code name} (right-truncated names). */
    CardFile byDfName(byte[] name) {
        return byDfName(mf, name);
    }

    private static CardFile byDfName(CardFile df, byte[] name) {
        byte[] own = df.dfName();
        if (own != null && own.length >= name.length && Arrays.equals(own, 0, name.length, name, 0, name.length)) {
            return df;
        }
        for (CardFile c : df.children()) {
            if (c.isDf()) {
                CardFile found = byDfName(c, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /**
     * SELECT P1=08/09: follows a path of file identifiers (pairs of bytes) from {@code start}. Every element but the
     * last must be a DF. The path never contains the MF's identifier.
     *
     * @return the file, or {@code null} if any element is missing
     */
    static CardFile byPath(CardFile start, byte[] path) {
        CardFile at = start;
        for (int i = 0; i + 1 < path.length; i += 2) {
            if (!at.isDf()) {
                return null;
            }
            at = at.child(((path[i] & 0xFF) << 8) | (path[i + 1] & 0xFF));
            if (at == null) {
                return null;
            }
        }
        return at;
    }

    static byte[] aid() {
        return new byte[] {(byte) 0xF0, 0x43, 0x4D, 0x53, 0x49, 0x4D, 0x00, 0x01};
    }

    /** Application template 61 { 4F AID, 50 "DEMO" }. */
    static byte[] dirContent(byte[] aid) {
        byte[] out = new byte[2 + 2 + aid.length + 2 + 4];
        out[0] = 0x61;
        out[1] = (byte) (out.length - 2);
        out[2] = 0x4F;
        out[3] = (byte) aid.length;
        System.arraycopy(aid, 0, out, 4, aid.length);
        int i = 4 + aid.length;
        out[i] = 0x50;
        out[i + 1] = 4;
        System.arraycopy("DEMO".getBytes(StandardCharsets.US_ASCII), 0, out, i + 2, 4);
        return out;
    }

    static byte[] bigContent() {
        byte[] b = new byte[BIG_SIZE];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    static byte[] secretContent() {
        byte[] b = new byte[SECRET_SIZE];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (0xA5 ^ i);
        }
        return b;
    }

    /** "cardmanage public data" padded with 00 to 32 bytes. */
    static byte[] publicContent() {
        return Arrays.copyOf("cardmanage public data".getBytes(StandardCharsets.US_ASCII), PUBLIC_SIZE);
    }
}
