package org.cardmanage.api;

/**
 * A compiled reader-name glob: {@code *} matches any sequence of characters (also none), {@code ?} exactly one
 * character (code point), everything else itself, case-sensitively; the whole name must match. There is no escape
 * character.
 *
 * <p>Matching is the linear backtrack-to-last-star algorithm, O(pattern &times; name) at worst, so no pattern can
 * make it blow up the way a backtracking regex can.
 */
final class IsoGlob {

    private static final int STAR = -1;
    private static final int ANY = -2;

    /** Code points, with STAR and ANY for the wildcards; runs of stars are collapsed. */
    private final int[] tokens;

    private IsoGlob(int[] tokens) {
        this.tokens = tokens;
    }

    /**
     * Compiles a glob.
     *
     * @throws IllegalArgumentException if glob is null or empty
     */
    static IsoGlob compile(String glob) {
        if (glob == null) {
            throw new IllegalArgumentException("reader pattern is null");
        }
        if (glob.isEmpty()) {
            throw new IllegalArgumentException("reader pattern is empty");
        }
        int[] tokens = new int[glob.length()];
        int count = 0;
        for (int i = 0; i < glob.length(); ) {
            int cp = glob.codePointAt(i);
            i += Character.charCount(cp);
            int token = cp == '*' ? STAR : cp == '?' ? ANY : cp;
            if (token == STAR && count > 0 && tokens[count - 1] == STAR) {
                continue;
            }
            tokens[count++] = token;
        }
        return new IsoGlob(java.util.Arrays.copyOf(tokens, count));
    }

    /** @return whether the whole name matches */
    boolean matches(String name) {
        int t = 0;
        int n = 0;
        int starToken = -1; // token index after the last star seen
        int starName = -1; // name index that star is currently matched up to
        int length = name.length();
        while (n < length) {
            int cp = name.codePointAt(n);
            if (t < tokens.length && (tokens[t] == ANY || tokens[t] == cp)) {
                t++;
                n += Character.charCount(cp);
            } else if (t < tokens.length && tokens[t] == STAR) {
                starToken = ++t;
                starName = n;
            } else if (starToken >= 0) {
                // Let the last star swallow one more code point and retry from there.
                starName += Character.charCount(name.codePointAt(starName));
                n = starName;
                t = starToken;
            } else {
                return false;
            }
        }
        while (t < tokens.length && tokens[t] == STAR) {
            t++;
        }
        return t == tokens.length;
    }
}
