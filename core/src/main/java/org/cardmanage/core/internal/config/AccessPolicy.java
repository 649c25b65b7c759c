package org.cardmanage.core.internal.config;

import java.util.ArrayList;
import java.util.List;

import org.cardmanage.api.AccessDeniedException;
import org.cardmanage.api.CardFilter;

/**
 * Which bundles may attach to which readers: the {@code access.policy} rules of the core's configuration, then the
 * {@code access.default} decision. Immutable.
 *
 * <p>A rule is {@code [allow|deny] BUNDLE-GLOB = READER-GLOB}: a glob over the attaching bundle, and one over the
 * reader name, with {@code *} for any run of characters and {@code ?} for one (the reader globs of
 * {@link CardFilter}); a rule without a verb allows. The first rule whose two globs both match decides; when none
 * does, the default does. One configuration value may hold several rules separated by {@code ;} (a {@code .cfg} file
 * has no arrays). For example, "only the bank's bundles may use the bank's readers":
 * {@code allow com.example.bank.* = Bank*; deny * = Bank*} with the default {@code allow}.
 *
 * <p>The bundle glob matches {@code SYMBOLIC-NAME} or {@code SYMBOLIC-NAME/PRINCIPAL}: a bundle may attach for a
 * principal it serves ({@link org.cardmanage.api.AttachOptions#withPrincipal}). A glob without {@code /} is matched
 * against the symbolic name alone, whether or not the attach is for a principal, so a rule written for a bundle
 * covers every principal it attaches for and a principal cannot step around it. A glob with {@code /} is matched
 * against {@code SYMBOLIC-NAME/PRINCIPAL} and never matches an attach made without a principal: {@code allow
 * org.cardmanage.remote/cn=app-1 = Sim*} admits that one client of the remote bundle. Symbolic names hold no
 * {@code /}, so no principal can make a glob without one match another bundle. Inside the bundle glob, an {@code =}
 * after the {@code /} belongs to the principal; write spaces around the {@code =} that ends such a glob.
 *
 * <p>A policy that cannot be read denies every attach, naming the error, until it is fixed: a typo must not open the
 * readers to everyone.
 */
public final class AccessPolicy {
    /** No rules, allow: the policy without configuration. */
    public static final AccessPolicy ALLOW_ALL = new AccessPolicy(List.of(), true, null);

    /** One rule; {@code forPrincipals} when its bundle glob has a {@code /}. */
    private record Rule(int number, String text, boolean allow, CardFilter bundles, boolean forPrincipals,
            CardFilter readers) {
        boolean matches(String symbolicName, String principal, String readerName) {
            boolean bundleMatches = forPrincipals
                    ? principal != null && bundles.matchesReader(symbolicName + "/" + principal)
                    : bundles.matchesReader(symbolicName);
            return bundleMatches && readers.matchesReader(readerName);
        }
    }

    private final List<Rule> rules;
    private final boolean allowByDefault;
    private final String invalid;

    private AccessPolicy(List<Rule> rules, boolean allowByDefault, String invalid) {
        this.rules = rules;
        this.allowByDefault = allowByDefault;
        this.invalid = invalid;
    }

    /**
     * Reads a policy; never throws: a policy that cannot be read is returned as one that denies everything.
     *
     * @param ruleValues the {@code access.policy} values, each holding one or more rules separated by {@code ;};
     *     null or blank entries are skipped
     * @param defaultDecision {@code allow} or {@code deny}, any case
     */
    public static AccessPolicy parse(String[] ruleValues, String defaultDecision) {
        try {
            boolean allow = decision(defaultDecision);
            List<Rule> rules = new ArrayList<>();
            for (String value : ruleValues == null ? new String[0] : ruleValues) {
                for (String text : value == null ? new String[0] : value.split(";")) {
                    if (!text.isBlank()) {
                        rules.add(rule(rules.size() + 1, text.trim()));
                    }
                }
            }
            return rules.isEmpty() && allow ? ALLOW_ALL : new AccessPolicy(List.copyOf(rules), allow, null);
        } catch (IllegalArgumentException e) {
            return new AccessPolicy(List.of(), false, e.getMessage());
        }
    }

    private static boolean decision(String value) {
        String text = value == null ? "" : value.trim();
        if (text.equalsIgnoreCase("allow")) {
            return true;
        }
        if (text.equalsIgnoreCase("deny")) {
            return false;
        }
        throw new IllegalArgumentException("access.default must be allow or deny, was '" + value + "'");
    }

    private static Rule rule(int number, String text) {
        int equals = separator(text);
        if (equals < 0) {
            throw new IllegalArgumentException("access.policy rule " + number + " '" + text
                    + "' has no '=' between its globs: write [allow|deny] BUNDLE-GLOB = READER-GLOB, with spaces "
                    + "around the '=' when the bundle glob ends in a principal such as cn=app-1");
        }
        String left = text.substring(0, equals).trim();
        String readerGlob = text.substring(equals + 1).trim();
        boolean allow = true;
        int space = left.indexOf(' ');
        if (space > 0) {
            String verb = left.substring(0, space);
            if (!verb.equalsIgnoreCase("allow") && !verb.equalsIgnoreCase("deny")) {
                throw new IllegalArgumentException("access.policy rule " + number + " '" + text + "' begins with '"
                        + verb + "': the verb is allow or deny");
            }
            allow = verb.equalsIgnoreCase("allow");
            left = left.substring(space + 1).trim();
        }
        if (left.isEmpty() || readerGlob.isEmpty() || left.contains(" ")) {
            throw new IllegalArgumentException("access.policy rule " + number + " '" + text + "' needs one bundle "
                    + "glob (no spaces) before '=' and a reader glob after it");
        }
        return new Rule(number, text, allow, CardFilter.any().withReaderPattern(left), left.indexOf('/') >= 0,
                CardFilter.any().withReaderPattern(readerGlob));
    }

    /**
     * The {@code =} between the globs: the first one that is not part of a principal, which runs from a {@code /}
     * to the end of its word and may hold {@code =} itself ({@code org.cardmanage.remote/cn=app-1 = Sim*}).
     *
     * @return its index, or -1 if there is none
     */
    private static int separator(String text) {
        boolean inPrincipal = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                inPrincipal = false;
            } else if (c == '/') {
                inPrincipal = true;
            } else if (c == '=' && !inPrincipal) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A policy that denies every attach because the configuration could not be read.
     *
     * @param problem what could not be read, for every denial and the health check
     */
    public static AccessPolicy denyAll(String problem) {
        return new AccessPolicy(List.of(), false, problem);
    }

    /** @return what made this policy deny everything (an unreadable configuration), if anything did */
    public java.util.Optional<String> problem() {
        return java.util.Optional.ofNullable(invalid);
    }

    /** @return true if this policy allows every bundle every reader without looking */
    public boolean allowsAll() {
        return this == ALLOW_ALL;
    }

    /**
     * Checks an attach.
     *
     * @param symbolicName the attaching bundle's symbolic name
     * @param principal who the bundle attaches for ({@code AttachOptions.principal()}), or null when for itself
     * @param ownerName the owner as messages name it, e.g. {@code com.example.app [12]} or
     *     {@code org.cardmanage.remote [12] for cn=app-1}
     * @param readerName the reader
     * @throws AccessDeniedException naming the owner, the reader and the rule (or the default) that denied it
     */
    public void check(String symbolicName, String principal, String ownerName, String readerName)
            throws AccessDeniedException {
        if (this == ALLOW_ALL) {
            return;
        }
        if (invalid != null) {
            throw new AccessDeniedException("bundle " + ownerName + " may not attach to reader '" + readerName
                    + "': the core's configuration is invalid (" + invalid + "), so every attach is denied until it is "
                    + "fixed");
        }
        String bundle = symbolicName == null ? "" : symbolicName;
        for (Rule rule : rules) {
            if (rule.matches(bundle, principal, readerName)) {
                if (rule.allow()) {
                    return;
                }
                throw new AccessDeniedException("bundle " + ownerName + " may not attach to reader '" + readerName
                        + "': denied by access.policy rule " + rule.number() + " '" + rule.text() + "'");
            }
        }
        if (!allowByDefault) {
            throw new AccessDeniedException("bundle " + ownerName + " may not attach to reader '" + readerName
                    + "': no access.policy rule allows it and access.default is deny");
        }
    }

    @Override
    public String toString() {
        if (invalid != null) {
            return "AccessPolicy[invalid: " + invalid + "]";
        }
        return "AccessPolicy[" + rules.stream().map(Rule::text).toList() + ", default "
                + (allowByDefault ? "allow" : "deny") + "]";
    }
}
