package org.cardmanage.core.internal.shell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The arguments of one shell command, split into {@code --options} and positional words. Commands take plain
 * {@code String...} so that Gogo can always call them; everything wrong about the words becomes a usage line.
 */
final class Args {
    private final String usage;
    private final List<String> positional = new ArrayList<>();
    private final List<String> flags = new ArrayList<>();
    private String optionValue;

    /**
     * @param usage the command's usage line, without {@code usage: }
     * @param args the words as Gogo passed them, possibly null
     * @param flagNames the options without a value this command accepts, e.g. {@code --exclusive}
     * @param valueOption the one option that takes a value, or null
     */
    Args(String usage, String[] args, Set<String> flagNames, String valueOption) {
        this.usage = usage;
        List<String> words = args == null ? List.of() : Arrays.asList(args);
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word == null) {
                throw usage();
            }
            if (word.startsWith("--") && word.length() > 2) {
                String option = word.toLowerCase(Locale.ROOT);
                if (option.equals(valueOption)) {
                    if (i + 1 >= words.size() || optionValue != null) {
                        throw usage();
                    }
                    optionValue = words.get(++i);
                } else if (flagNames.contains(option)) {
                    flags.add(option);
                } else {
                    throw usage();
                }
            } else {
                positional.add(word);
            }
        }
    }

    Args(String usage, String[] args) {
        this(usage, args, Set.of(), null);
    }

    ShellException usage() {
        return ShellException.usage(usage);
    }

    /** Fails with the usage line unless the number of positional words is within the bounds. */
    Args expect(int min, int max) {
        if (positional.size() < min || positional.size() > max) {
            throw usage();
        }
        return this;
    }

    int count() {
        return positional.size();
    }

    String get(int index) {
        return positional.get(index);
    }

    String get(int index, String fallback) {
        return index < positional.size() ? positional.get(index) : fallback;
    }

    /** @return the words from {@code index} on, joined by spaces */
    String joinFrom(int index) {
        return String.join(" ", positional.subList(Math.min(index, positional.size()), positional.size()));
    }

    List<String> flags() {
        return flags;
    }

    String optionValue() {
        return optionValue;
    }

    /** Parses a whole number of seconds in the range, or fails with the usage line. */
    long seconds(int index, long fallback, long max) {
        if (index >= positional.size()) {
            return fallback;
        }
        try {
            long seconds = Long.parseLong(positional.get(index));
            if (seconds < 0 || seconds > max) {
                throw usage();
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw usage();
        }
    }
}
