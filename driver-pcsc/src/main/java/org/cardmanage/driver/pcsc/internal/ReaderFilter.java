package org.cardmanage.driver.pcsc.internal;

import java.util.ArrayList;
import java.util.List;

import org.cardmanage.api.CardFilter;

/**
 * Which PC/SC readers the driver offers: a reader is offered if its name matches an include glob and no exclude glob
 * ({@code *} any text, {@code ?} one character, the whole name must match, case-sensitively).
 */
final class ReaderFilter {
    private final List<CardFilter> include;
    private final List<CardFilter> exclude;
    private final String description;

    /**
     * @param include globs a reader must match one of; blank entries are ignored
     * @param exclude globs a reader must match none of; blank entries are ignored
     */
    ReaderFilter(List<String> include, List<String> exclude) {
        this.include = compile(include);
        this.exclude = compile(exclude);
        this.description = "include " + include + ", exclude " + exclude;
    }

    /** @return whether the reader is offered */
    boolean accepts(String readerName) {
        return matchesAny(include, readerName) && !matchesAny(exclude, readerName);
    }

    private static boolean matchesAny(List<CardFilter> globs, String name) {
        for (CardFilter glob : globs) {
            if (glob.matchesReader(name)) {
                return true;
            }
        }
        return false;
    }

    private static List<CardFilter> compile(List<String> globs) {
        List<CardFilter> compiled = new ArrayList<>();
        for (String glob : globs) {
            if (glob != null && !glob.isBlank()) {
                compiled.add(CardFilter.any().withReaderPattern(glob.trim()));
            }
        }
        return List.copyOf(compiled);
    }

    @Override
    public String toString() {
        return description;
    }
}
