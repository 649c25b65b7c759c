package org.cardmanage.remote.internal.tls;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The few DER operations key decoding needs: split a SEQUENCE into its elements and build a SEQUENCE. Definite
 * lengths only (DER has no others); anything malformed is an {@link IllegalArgumentException}.
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;
    /** {@code [0]}, constructed: the curve of a SEC 1 key. */
    static final int CONTEXT_0 = 0xa0;

    /**
     * One element: its tag and its whole encoding (tag, length and content).
     *
     * @param tag the tag byte
     * @param encoded the element as it stands in its parent
     * @param contentOffset where the content starts within {@code encoded}
     */
    record Element(int tag, byte[] encoded, int contentOffset) {
        byte[] content() {
            byte[] content = new byte[encoded.length - contentOffset];
            System.arraycopy(encoded, contentOffset, content, 0, content.length);
            return content;
        }
    }

    private Der() {
    }

    /** The elements of the SEQUENCE that {@code der} is, which must be all of {@code der}. */
    static List<Element> sequence(byte[] der) {
        Element outer = element(der, 0);
        if (outer.tag() != SEQUENCE || outer.encoded().length != der.length) {
            throw new IllegalArgumentException("not a DER SEQUENCE");
        }
        byte[] content = outer.content();
        List<Element> elements = new ArrayList<>();
        for (int offset = 0; offset < content.length; offset += elements.get(elements.size() - 1).encoded().length) {
            elements.add(element(content, offset));
        }
        return elements;
    }

    /** A SEQUENCE of the given encoded elements. */
    static byte[] sequence(byte[]... encodedElements) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] element : encodedElements) {
            content.writeBytes(element);
        }
        return encode(SEQUENCE, content.toByteArray());
    }

    /** One element of the given tag and content. */
    static byte[] encode(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length < 0x100 ? 1 : length < 0x10000 ? 2 : length < 0x1000000 ? 3 : 4;
            out.write(0x80 | bytes);
            for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
                out.write(length >>> shift);
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static Element element(byte[] der, int offset) {
        if (der.length - offset < 2) {
            throw new IllegalArgumentException("truncated DER");
        }
        int tag = der[offset] & 0xff;
        int first = der[offset + 1] & 0xff;
        int header = 2;
        long length = first;
        if (first >= 0x80) {
            int bytes = first & 0x7f;
            if (bytes == 0 || bytes > 4 || der.length - offset < 2 + bytes) {
                throw new IllegalArgumentException("unsupported DER length");
            }
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (der[offset + 2 + i] & 0xff);
            }
            header += bytes;
        }
        if (length > der.length - offset - header) {
            throw new IllegalArgumentException("truncated DER");
        }
        byte[] encoded = new byte[header + (int) length];
        System.arraycopy(der, offset, encoded, 0, encoded.length);
        return new Element(tag, encoded, header);
    }
}
