package org.cardmanage.remote.internal.errors;

/**
 * Text a peer sent (a reader name, an identity, a farm's message), as it may appear in a log line or an exception
 * message: control characters and lone surrogates become '?', and it is cut at a length, so that a hostile peer can
 * neither forge log lines nor flood them.
 */
public final class PeerText {

    private PeerText() {
    }

    /**
     * @param text the peer's text; null reads as empty
     * @param max how many characters to keep; a longer text ends in '…'
     * @return the text, safe to show
     */
    public static String printable(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 1);
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
            }
        }
        if (out.length() < text.length()) {
            out.append('…');
        }
        return out.toString();
    }
}
