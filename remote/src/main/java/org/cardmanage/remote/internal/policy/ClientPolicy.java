package org.cardmanage.remote.internal.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The farm's client rules in order: the first rule whose identity the peer has decides what it may do; a peer no
 * rule names may do nothing. Read from the {@code clients} values; a value may hold several rules separated by
 * {@code ;} (a {@code .cfg} file has no lists).
 *
 * <p>A rule is {@code IDENTITY | readers=GLOB,GLOB | sessions=N | exclusive.ms=N | verify.per.minute=N}; only
 * {@code readers} is required. IDENTITY is {@code cn=NAME}, {@code dns=NAME}, {@code uri=URI}, {@code ip=ADDRESS},
 * {@code subject=RFC2253-DN} or {@code anonymous}. Defaults: 4 sessions, 60 000 ms exclusive hold, 10 PIN-class
 * commands per card per minute.
 */
public final class ClientPolicy {
    static final int DEFAULT_SESSIONS = 4;
    static final long DEFAULT_EXCLUSIVE_MS = 60_000;
    static final int DEFAULT_VERIFY_PER_MINUTE = 10;
    private static final List<String> FORMS = List.of("cn=", "dns=", "uri=", "ip=", "subject=");

    private final List<ClientRule> rules;

    private ClientPolicy(List<ClientRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * @param values the {@code clients} values
     * @return the policy
     * @throws IllegalArgumentException naming the rule and what is wrong with it
     */
    public static ClientPolicy parse(List<String> values) {
        List<ClientRule> rules = new ArrayList<>();
        for (String value : values) {
            for (String text : value.split("(?<!\\\\);")) {
                if (!text.isBlank()) {
                    rules.add(rule(rules.size() + 1, text.trim()));
                }
            }
        }
        return new ClientPolicy(rules);
    }

    /** @return the rules, in order */
    public List<ClientRule> rules() {
        return rules;
    }

    /**
     * @param names the peer's names, in the forms of {@code PeerIdentity.names()}, or {@link ClientRule#ANONYMOUS}
     * @return the first rule that names the peer
     */
    public Optional<ClientRule> ruleFor(List<String> names) {
        return rules.stream().filter(rule -> rule.matches(names)).findFirst();
    }

    private static ClientRule rule(int number, String text) {
        String[] fields = text.split("\\|");
        String identity = fields[0].trim();
        if (!identity.equals(ClientRule.ANONYMOUS) && FORMS.stream().noneMatch(f -> identity.startsWith(f)
                && identity.length() > f.length())) {
            throw problem(number, "its identity must be cn=, dns=, uri=, ip=, subject= followed by a value, or "
                    + "anonymous");
        }
        List<String> readers = null;
        int sessions = DEFAULT_SESSIONS;
        long exclusiveMs = DEFAULT_EXCLUSIVE_MS;
        int verifyPerMinute = DEFAULT_VERIFY_PER_MINUTE;
        for (int i = 1; i < fields.length; i++) {
            String field = fields[i].trim();
            int equals = field.indexOf('=');
            String key = equals < 0 ? field : field.substring(0, equals).trim();
            String value = equals < 0 ? "" : field.substring(equals + 1).trim();
            switch (key) {
                case "readers" -> readers = globs(number, value);
                case "sessions" -> sessions = (int) number(number, key, value, 1, 1000);
                case "exclusive.ms" -> exclusiveMs = number(number, key, value, 0, 86_400_000);
                case "verify.per.minute" -> verifyPerMinute = (int) number(number, key, value, 0, 10_000);
                default -> throw problem(number, "'" + key + "' is not a rule setting (readers, sessions, "
                        + "exclusive.ms, verify.per.minute)");
            }
        }
        if (readers == null) {
            throw problem(number, "it needs readers=GLOB[,GLOB...]");
        }
        return new ClientRule(number, identity, readers, sessions, exclusiveMs, verifyPerMinute);
    }

    private static List<String> globs(int number, String value) {
        List<String> globs = new ArrayList<>();
        for (String glob : value.split(",")) {
            if (!glob.isBlank()) {
                globs.add(glob.trim());
            }
        }
        if (globs.isEmpty()) {
            throw problem(number, "readers= needs at least one glob");
        }
        return globs;
    }

    private static long number(int rule, String key, String value, long min, long max) {
        if (!value.matches("[0-9]{1,12}") || Long.parseLong(value) < min || Long.parseLong(value) > max) {
            throw problem(rule, key + " must be a whole number " + min + " … " + max);
        }
        return Long.parseLong(value);
    }

    private static IllegalArgumentException problem(int number, String what) {
        return new IllegalArgumentException("clients: rule " + number + " cannot be read: " + what);
    }
}
