package org.cardmanage.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cardmanage.api.AccessDeniedException;
import org.cardmanage.api.ScardError;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {
    private static final String APP = "com.example.app";
    private static final String OWNER = APP + " [12]";
    private static final String REMOTE = "org.cardmanage.remote";

    private static void allowed(AccessPolicy policy, String bundle, String reader) {
        assertThatCode(() -> policy.check(bundle, null, bundle + " [1]", reader)).doesNotThrowAnyException();
    }

    private static void denied(AccessPolicy policy, String bundle, String reader) {
        assertThatThrownBy(() -> policy.check(bundle, null, bundle + " [1]", reader))
                .isInstanceOf(AccessDeniedException.class);
    }

    private static void allowedFor(AccessPolicy policy, String principal, String reader) {
        assertThatCode(() -> policy.check(REMOTE, principal, REMOTE + " [1] for " + principal, reader))
                .doesNotThrowAnyException();
    }

    private static void deniedFor(AccessPolicy policy, String principal, String reader) {
        assertThatThrownBy(() -> policy.check(REMOTE, principal, REMOTE + " [1] for " + principal, reader))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void noRulesAndDefaultAllowIsTheAllowAllPolicy() {
        assertThat(AccessPolicy.parse(new String[0], "allow")).isSameAs(AccessPolicy.ALLOW_ALL);
        assertThat(AccessPolicy.parse(null, "ALLOW").allowsAll()).isTrue();
    }

    @Test
    void allowRuleWithDefaultDenyAdmitsOnlyWhatItNames() {
        AccessPolicy policy = AccessPolicy.parse(new String[] {"allow com.example.* = Sim*"}, "deny");

        allowed(policy, APP, "Sim Reader 0");
        denied(policy, APP, "Bank Reader");
        denied(policy, "org.other.app", "Sim Reader 0");
    }

    @Test
    void ruleWithoutVerbAllows() {
        AccessPolicy policy = AccessPolicy.parse(new String[] {"com.example.app=Sim Reader 0"}, "deny");

        allowed(policy, APP, "Sim Reader 0");
    }

    @Test
    void denyRuleWithDefaultAllowKeepsOnlyWhatItNamesOut() {
        AccessPolicy policy = AccessPolicy.parse(new String[] {"deny * = Bank*"}, "allow");

        denied(policy, APP, "Bank Reader");
        allowed(policy, APP, "Sim Reader 0");
    }

    @Test
    void firstMatchingRuleDecides() {
        AccessPolicy policy =
                AccessPolicy.parse(new String[] {"allow com.bank.* = Bank*", "deny * = Bank*"}, "allow");

        allowed(policy, "com.bank.teller", "Bank Reader 1");
        denied(policy, APP, "Bank Reader 1");
    }

    @Test
    void oneValueMayHoldSeveralRulesSeparatedBySemicolons() {
        AccessPolicy policy = AccessPolicy.parse(new String[] {"allow com.bank.* = Bank* ; deny *=Bank*;"}, "allow");

        allowed(policy, "com.bank.teller", "Bank Reader 1");
        denied(policy, APP, "Bank Reader 1");
    }

    @Test
    void denialNamesTheBundleTheReaderAndTheRule() {
        AccessPolicy policy = AccessPolicy.parse(new String[] {"allow a.b = X", "deny com.example.* = Sim*"}, "allow");

        assertThatThrownBy(() -> policy.check(APP, null, OWNER, "Sim Reader 0")).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining(OWNER).hasMessageContaining("'Sim Reader 0'")
                .hasMessageContaining("rule 2 'deny com.example.* = Sim*'")
                .extracting(e -> ((AccessDeniedException) e).error()).isEqualTo(ScardError.SCARD_W_SECURITY_VIOLATION);
    }

    @Test
    void denialByTheDefaultSaysSo() {
        AccessPolicy policy = AccessPolicy.parse(new String[] {"allow a.b = X"}, "deny");

        assertThatThrownBy(() -> policy.check(APP, null, OWNER, "Sim Reader 0"))
                .hasMessageContaining("no access.policy rule allows it and access.default is deny");
    }

    @Test
    void bundleWithoutSymbolicNameMatchesOnlyStarGlobs() {
        AccessPolicy policy = AccessPolicy.parse(new String[] {"allow com.* = *"}, "deny");

        denied(policy, null, "Sim Reader 0");
    }

    @Test
    void ruleWithoutEqualsMakesThePolicyDenyEverythingNamingTheRule() {
        AccessPolicy policy = AccessPolicy.parse(new String[] {"allow com.example.* Sim*"}, "allow");

        assertThatThrownBy(() -> policy.check(APP, null, OWNER, "Sim Reader 0")).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("invalid").hasMessageContaining("rule 1")
                .hasMessageContaining("has no '='");
    }

    @Test
    void unknownVerbMakesThePolicyDenyEverything() {
        AccessPolicy policy = AccessPolicy.parse(new String[] {"permit com.example.* = Sim*"}, "allow");

        assertThatThrownBy(() -> policy.check(APP, null, OWNER, "Sim Reader 0")).hasMessageContaining("'permit'");
    }

    @Test
    void emptyGlobMakesThePolicyDenyEverything() {
        AccessPolicy policy = AccessPolicy.parse(new String[] {"allow com.example.* = "}, "allow");

        denied(policy, APP, "Sim Reader 0");
    }

    @Test
    void unknownDefaultMakesThePolicyDenyEverything() {
        AccessPolicy policy = AccessPolicy.parse(new String[0], "maybe");

        assertThatThrownBy(() -> policy.check(APP, null, OWNER, "Sim Reader 0"))
                .hasMessageContaining("access.default must be allow or deny");
    }

    // ---- principals ------------------------------------------------------------------------------------------------

    @Test
    void principalRuleAdmitsThatPrincipalAndNoOtherOfTheSameBundle() {
        AccessPolicy policy = AccessPolicy.parse(new String[] {"allow org.cardmanage.remote/cn=app-1 = Sim*"}, "deny");

        allowedFor(policy, "cn=app-1", "Sim Reader 0");
        deniedFor(policy, "cn=app-2", "Sim Reader 0");
        deniedFor(policy, "cn=app-1", "Bank Reader");
    }

    @Test
    void principalRuleDoesNotMatchTheBundleAttachingForItself() {
        AccessPolicy policy = AccessPolicy.parse(new String[] {"allow org.cardmanage.remote/* = Sim*"}, "deny");

        allowedFor(policy, "cn=app-1", "Sim Reader 0");
        denied(policy, REMOTE, "Sim Reader 0");
    }

    @Test
    void denyRuleWithAStarOnTheBundleGlobCoversItsPrincipals() {
        AccessPolicy policy = AccessPolicy.parse(new String[] {"deny org.cardmanage.remote* = Bank*"}, "allow");

        deniedFor(policy, "cn=x", "Bank Reader");
        denied(policy, REMOTE, "Bank Reader");
        allowedFor(policy, "cn=x", "Sim Reader 0");
    }

    @Test
    void denyRuleNamingTheBundleExactlyCoversItsPrincipals() {
        AccessPolicy policy = AccessPolicy.parse(new String[] {"deny org.cardmanage.remote = Bank*"}, "allow");

        deniedFor(policy, "cn=x", "Bank Reader");
    }

    @Test
    void starRulesMatchEveryPrincipal() {
        AccessPolicy policy = AccessPolicy.parse(new String[] {"allow * = Sim*"}, "deny");

        allowedFor(policy, "cn=app-1", "Sim Reader 0");
        allowed(policy, REMOTE, "Sim Reader 0");
    }

    @Test
    void aPrincipalCannotMatchAGlobWrittenForAnotherBundle() {
        AccessPolicy policy = AccessPolicy.parse(new String[] {"allow *.bank = Bank*"}, "deny");

        allowed(policy, "com.example.bank", "Bank Reader");
        deniedFor(policy, "cn=evil.bank", "Bank Reader");
    }

    @Test
    void earlierPrincipalRuleMakesAnExceptionToALaterBundleRule() {
        AccessPolicy policy = AccessPolicy.parse(
                new String[] {"allow org.cardmanage.remote/cn=app-1 = Bank*; deny org.cardmanage.remote = Bank*"},
                "allow");

        allowedFor(policy, "cn=app-1", "Bank Reader");
        deniedFor(policy, "cn=app-2", "Bank Reader");
        denied(policy, REMOTE, "Bank Reader");
    }

    @Test
    void denialOfAPrincipalNamesTheOwnerWithThePrincipal() {
        AccessPolicy policy = AccessPolicy.parse(new String[] {"deny org.cardmanage.remote/cn=x = *"}, "allow");

        assertThatThrownBy(() -> policy.check(REMOTE, "cn=x", REMOTE + " [7] for cn=x", "Sim Reader 0"))
                .hasMessageContaining("bundle org.cardmanage.remote [7] for cn=x may not attach")
                .hasMessageContaining("rule 1 'deny org.cardmanage.remote/cn=x = *'");
    }

    @Test
    void principalGlobWithEqualsButNoSpacesMakesThePolicyDenyEverything() {
        AccessPolicy policy = AccessPolicy.parse(new String[] {"allow org.cardmanage.remote/cn=app-1=Sim*"}, "allow");

        assertThatThrownBy(() -> policy.check(APP, null, OWNER, "Sim Reader 0"))
                .hasMessageContaining("invalid").hasMessageContaining("spaces around the '='");
    }

    @Test
    void equalsInAReaderGlobStillFollowsTheFirstSeparator() {
        AccessPolicy policy = AccessPolicy.parse(new String[] {"allow *=Reader = 1"}, "deny");

        allowed(policy, APP, "Reader = 1");
    }
}
