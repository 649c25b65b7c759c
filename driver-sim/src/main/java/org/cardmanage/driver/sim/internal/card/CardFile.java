package org.cardmanage.driver.sim.internal.card;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One node of the card's file tree: a DF (the MF included), a transparent EF or a linear-fixed record EF. The
 * contents of an EF are mutable and only touched under the card's lock.
 */
final class CardFile {

    enum Type {
        DF, TRANSPARENT, LINEAR_FIXED
    }

    /** Who may read or update an EF. The PIN condition is met while PIN 81 is verified. */
    enum Access {
        ALWAYS, PIN, NEVER
    }

    private final int fid;
    private final Type type;
    private final byte[] dfName; // DFs only, may be null
    private final int sfi; // EFs only, 0 = no short EF identifier
    private final byte[] content; // EFs: the body; for record files the records one after another
    private final int recordLength;
    private final Access read;
    private final Access update;
    private final List<CardFile> children = new ArrayList<>();
    private CardFile parent;

    private CardFile(int fid, Type type, byte[] dfName, int sfi, byte[] content, int recordLength, Access read,
            Access update) {
        this.fid = fid;
        this.type = type;
        this.dfName = dfName;
        this.sfi = sfi;
        this.content = content;
        this.recordLength = recordLength;
        this.read = read;
        this.update = update;
    }

    static CardFile df(int fid, byte[] dfName) {
        return new CardFile(fid, Type.DF, dfName, 0, new byte[0], 0, Access.ALWAYS, Access.NEVER);
    }

    static CardFile transparent(int fid, int sfi, byte[] content, Access read, Access update) {
        return new CardFile(fid, Type.TRANSPARENT, null, sfi, content, 0, read, update);
    }

    static CardFile linearFixed(int fid, int sfi, int recordLength, int records, Access read) {
        byte[] content = new byte[recordLength * records];
        for (int r = 1; r <= records; r++) {
            java.util.Arrays.fill(content, (r - 1) * recordLength, r * recordLength, (byte) r);
        }
        return new CardFile(fid, Type.LINEAR_FIXED, null, sfi, content, recordLength, read, Access.NEVER);
    }

    /** Adds a child to this DF and returns this DF. */
    CardFile add(CardFile child) {
        child.parent = this;
        children.add(child);
        return this;
    }

    int fid() {
        return fid;
    }

    Type type() {
        return type;
    }

    boolean isDf() {
        return type == Type.DF;
    }

    byte[] dfName() {
        return dfName;
    }

    int sfi() {
        return sfi;
    }

    /** The live content: callers write through it for UPDATE BINARY. */
    byte[] content() {
        return content;
    }

    int size() {
        return content.length;
    }

    int recordLength() {
        return recordLength;
    }

    int recordCount() {
        return recordLength == 0 ? 0 : content.length / recordLength;
    }

    Access readAccess() {
        return read;
    }

    Access updateAccess() {
        return update;
    }

    /** The parent DF, or {@code null} for the MF. */
    CardFile parent() {
        return parent;
    }

    List<CardFile> children() {
        return Collections.unmodifiableList(children);
    }

    /** The direct child with this file identifier, or {@code null}. */
    CardFile child(int childFid) {
        for (CardFile c : children) {
            if (c.fid == childFid) {
                return c;
            }
        }
        return null;
    }

    /** The EF directly under this DF with this short EF identifier, or {@code null}. */
    CardFile childBySfi(int shortId) {
        for (CardFile c : children) {
            if (!c.isDf() && c.sfi != 0 && c.sfi == shortId) {
                return c;
            }
        }
        return null;
    }
}
