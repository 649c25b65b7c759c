package org.cardmanage.remote.internal.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import javax.security.auth.x500.X500Principal;

/**
 * The common name of a distinguished name, read from its RFC 2253 form (most specific RDN first) without
 * {@code javax.naming}: attributes are separated by unescaped {@code ,} or {@code +}; {@code \c} stands for the
 * character c and {@code \XX} for a byte of UTF-8.
 */
final class DistinguishedNames {
    private static final String COMMON_NAME_OID = "2.5.4.3";

    private DistinguishedNames() {
    }

    /** The most specific CN, or "" if there is none. */
    static String commonName(X500Principal principal) {
        String dn = principal.getName(X500Principal.RFC2253);
        int position = 0;
        while (position < dn.length()) {
            int equals = dn.indexOf('=', position);
            if (equals < 0) {
                return "";
            }
            String type = dn.substring(position, equals).strip();
            ByteArrayOutputStream value = new ByteArrayOutputStream();
            position = equals + 1;
            while (position < dn.length() && dn.charAt(position) != ',' && dn.charAt(position) != '+') {
                if (dn.charAt(position) == '\\' && position + 1 < dn.length()) {
                    position = unescape(dn, position + 1, value);
                } else {
                    position = append(dn, position, value);
                }
            }
            position++;
            if (type.equalsIgnoreCase("CN") || type.equals(COMMON_NAME_OID)) {
                return value.toString(StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    /** Appends what the escape at {@code position} (after the backslash) stands for; returns the next position. */
    private static int unescape(String dn, int position, ByteArrayOutputStream value) {
        if (position + 1 < dn.length() && isHex(dn.charAt(position)) && isHex(dn.charAt(position + 1))) {
            value.write(Integer.parseInt(dn, position, position + 2, 16));
            return position + 2;
        }
        return append(dn, position, value);
    }

    /** Appends the character at {@code position} as UTF-8; returns the next position. */
    private static int append(String dn, int position, ByteArrayOutputStream value) {
        int codePoint = dn.codePointAt(position);
        value.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
        return position + Character.charCount(codePoint);
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
