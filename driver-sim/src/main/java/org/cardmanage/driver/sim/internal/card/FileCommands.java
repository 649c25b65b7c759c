package org.cardmanage.driver.sim.internal.card;

import java.util.Arrays;

import org.cardmanage.driver.sim.internal.card.CardFile.Access;
import org.cardmanage.driver.sim.internal.card.CardFile.Type;

/**
 * SELECT, READ BINARY, UPDATE BINARY and READ RECORD against the file tree, on behalf of one logical channel.
 *
 * <p>Choices where ISO 7816-4 leaves room:
 * <ul>
 * <li>READ BINARY returns min(Ne, bytes up to the end of the EF); fewer than Ne gives {@code 6282}. (Over T=0
 * the card's transport layer turns that into {@code 6Cxx} unless Le was 00.) An offset at or past the end gives
 * {@code 6B00}.</li>
 * <li>UPDATE BINARY past the end of the EF writes nothing and gives {@code 6A84} (not enough memory space in the
 * file); an offset at or past the end gives {@code 6B00}.</li>
 * <li>READ RECORD supports only "record number in P1" (P2 bits 3..1 = 100), returns the whole record (cut to Ne if
 * Ne is smaller) with {@code 9000}; a record number past the last gives {@code 6A83}.</li>
 * <li>A short EF identifier (READ/UPDATE BINARY P1 bit 8, READ RECORD P2 bits 8..4) is looked up in the current DF
 * and makes that EF current.</li>
 * <li>SELECT P2 may be 00 or 04 (both answer the FCP template) or 0C (no data); the path forms (P1=08/09) never
 * contain 3F00. A failed SELECT leaves the selection unchanged.</li>
 * <li>Commands without response data ignore an Le field; commands that take no data answer {@code 6700} to
 * one.</li>
 * </ul>
 */
final class FileCommands {

    private final CardFileSystem fs;
    private final PinState pins;

    FileCommands(CardFileSystem fs, PinState pins) {
        this.fs = fs;
        this.pins = pins;
    }

    Response select(ParsedCommand c, Channel ch) {
        int p2 = c.p2();
        if (p2 != 0x00 && p2 != 0x04 && p2 != 0x0C) {
            return Response.of(StatusWord.WRONG_P1P2);
        }
        byte[] d = c.data();
        CardFile target;
        switch (c.p1()) {
            case 0x00 -> {
                if (d.length != 0 && d.length != 2) {
                    return Response.of(StatusWord.WRONG_LENGTH);
                }
                target = d.length == 0 ? fs.mf() : fs.byFid(ch.currentDf(), fid(d));
            }
            case 0x01, 0x02 -> {
                if (d.length != 2) {
                    return Response.of(StatusWord.WRONG_LENGTH);
                }
                target = ch.currentDf().child(fid(d));
                if (target != null && target.isDf() != (c.p1() == 0x01)) {
                    target = null;
                }
            }
            case 0x03 -> {
                if (d.length != 0) {
                    return Response.of(StatusWord.WRONG_LENGTH);
                }
                target = ch.currentDf().parent();
            }
            case 0x04 -> {
                if (d.length < 1 || d.length > 16) {
                    return Response.of(StatusWord.WRONG_LENGTH);
                }
                target = fs.byDfName(d);
            }
            case 0x08, 0x09 -> {
                if (d.length < 2 || d.length % 2 != 0) {
                    return Response.of(StatusWord.WRONG_LENGTH);
                }
                target = CardFileSystem.byPath(c.p1() == 0x08 ? fs.mf() : ch.currentDf(), d);
            }
            default -> {
                return Response.of(StatusWord.WRONG_P1P2);
            }
        }
        if (target == null) {
            return Response.of(StatusWord.FILE_NOT_FOUND);
        }
        ch.select(target);
        return p2 == 0x0C ? Response.of(StatusWord.OK) : Response.ok(Fcp.of(target));
    }

    Response readBinary(ParsedCommand c, Channel ch) {
        if (c.hasData() || !c.hasLe()) {
            return Response.of(StatusWord.WRONG_LENGTH);
        }
        Target t = binaryTarget(c, ch);
        int refused = refusal(t, t.error() == 0 ? t.file().readAccess() : null);
        if (refused != 0) {
            return Response.of(refused);
        }
        CardFile ef = t.file();
        int n = Math.min(c.ne(), ef.size() - t.offset());
        byte[] data = Arrays.copyOfRange(ef.content(), t.offset(), t.offset() + n);
        return new Response(data, n < c.ne() ? StatusWord.END_OF_FILE : StatusWord.OK);
    }

    Response updateBinary(ParsedCommand c, Channel ch) {
        if (!c.hasData()) {
            return Response.of(StatusWord.WRONG_LENGTH);
        }
        Target t = binaryTarget(c, ch);
        int refused = refusal(t, t.error() == 0 ? t.file().updateAccess() : null);
        if (refused != 0) {
            return Response.of(refused);
        }
        CardFile ef = t.file();
        if (c.data().length > ef.size() - t.offset()) {
            return Response.of(StatusWord.NOT_ENOUGH_MEMORY);
        }
        System.arraycopy(c.data(), 0, ef.content(), t.offset(), c.data().length);
        return Response.of(StatusWord.OK);
    }

    Response readRecord(ParsedCommand c, Channel ch) {
        if (c.hasData() || !c.hasLe()) {
            return Response.of(StatusWord.WRONG_LENGTH);
        }
        int record = c.p1();
        int sfi = c.p2() >>> 3;
        if ((c.p2() & 0x07) != 0x04 || sfi == 0x1F || record == 0x00 || record == 0xFF) {
            return Response.of(StatusWord.WRONG_P1P2);
        }
        CardFile ef;
        if (sfi == 0) {
            ef = ch.currentEf();
            if (ef == null) {
                return Response.of(StatusWord.NO_CURRENT_EF);
            }
        } else {
            ef = ch.currentDf().childBySfi(sfi);
            if (ef == null) {
                return Response.of(StatusWord.FILE_NOT_FOUND);
            }
            ch.select(ef);
        }
        if (ef.type() != Type.LINEAR_FIXED) {
            return Response.of(StatusWord.INCOMPATIBLE_FILE);
        }
        if (!allowed(ef.readAccess())) {
            return Response.of(StatusWord.SECURITY_NOT_SATISFIED);
        }
        if (record > ef.recordCount()) {
            return Response.of(StatusWord.RECORD_NOT_FOUND);
        }
        int start = (record - 1) * ef.recordLength();
        int n = Math.min(c.ne(), ef.recordLength());
        return Response.ok(Arrays.copyOfRange(ef.content(), start, start + n));
    }

    /** The EF and offset addressed by READ/UPDATE BINARY P1-P2, or an error status word. */
    /**
     * Checks, in ISO 7816-4's order, that a binary command may touch the addressed EF at its offset.
     *
     * @return the refusing status word, or 0
     */
    private int refusal(Target t, Access access) {
        if (t.error() != 0) {
            return t.error();
        }
        CardFile ef = t.file();
        if (ef.type() != Type.TRANSPARENT) {
            return StatusWord.INCOMPATIBLE_FILE;
        }
        if (!allowed(access)) {
            return StatusWord.SECURITY_NOT_SATISFIED;
        }
        if (t.offset() >= ef.size()) {
            return StatusWord.OFFSET_OUTSIDE_EF;
        }
        return 0;
    }

    private record Target(CardFile file, int offset, int error) {
    }

    private static Target error(int sw) {
        return new Target(null, 0, sw);
    }

    private static Target binaryTarget(ParsedCommand c, Channel ch) {
        int p1 = c.p1();
        if ((p1 & 0x80) == 0) { // 15-bit offset into the current EF
            CardFile ef = ch.currentEf();
            if (ef == null) {
                return error(StatusWord.NO_CURRENT_EF);
            }
            return new Target(ef, (p1 << 8) | c.p2(), 0);
        }
        // P1 = 100x xxxx: short EF identifier in bits 5..1, offset in P2
        int sfi = p1 & 0x1F;
        if ((p1 & 0x60) != 0 || sfi == 0 || sfi == 0x1F) {
            return error(StatusWord.WRONG_P1P2);
        }
        CardFile ef = ch.currentDf().childBySfi(sfi);
        if (ef == null) {
            return error(StatusWord.FILE_NOT_FOUND);
        }
        ch.select(ef);
        return new Target(ef, c.p2(), 0);
    }

    private boolean allowed(Access access) {
        return access == Access.ALWAYS || (access == Access.PIN && pins.verified());
    }

    private static int fid(byte[] d) {
        return ((d[0] & 0xFF) << 8) | (d[1] & 0xFF);
    }
}
