package org.cardmanage.remote.internal.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ClientPolicyTest {

    @Test
    void theFirstRuleNamingThePeerDecides() {
        ClientPolicy policy = ClientPolicy.parse(List.of(
                "cn=app-1 | readers=Sim Reader *, Lab ? | sessions=2 | exclusive.ms=5000 | verify.per.minute=3;"
                        + " dns=App-2.example | readers=*",
                "cn=app-1 | readers=*"));

        ClientRule rule = policy.ruleFor(List.of("cn=app-1", "dns=app-1")).orElseThrow();
        assertThat(rule.number()).isEqualTo(1);
        assertThat(rule.maxSessions()).isEqualTo(2);
        assertThat(rule.maxExclusiveMs()).isEqualTo(5000);
        assertThat(rule.verifyPerMinute()).isEqualTo(3);
        assertThat(rule.allowsReader("Sim Reader 0")).isTrue();
        assertThat(rule.allowsReader("Lab 7")).isTrue();
        assertThat(rule.allowsReader("Bank 1")).isFalse();
        assertThat(policy.ruleFor(List.of("cn=x", "dns=app-2.EXAMPLE")).orElseThrow().number()).isEqualTo(2);
    }

    @Test
    void aPeerNoRuleNamesGetsNothing() {
        ClientPolicy policy = ClientPolicy.parse(List.of("cn=app-1 | readers=*"));

        assertThat(policy.ruleFor(List.of("cn=app-2", "subject=CN=app-1x"))).isEmpty();
        assertThat(policy.ruleFor(List.of(ClientRule.ANONYMOUS))).isEmpty();
        assertThat(ClientPolicy.parse(List.of()).ruleFor(List.of("cn=app-1"))).isEmpty();
    }

    @Test
    void theIdentityIsComparedWhole() {
        ClientPolicy policy = ClientPolicy.parse(List.of("cn=app | readers=*"));

        assertThat(policy.ruleFor(List.of("cn=app-1"))).isEmpty();
        assertThat(policy.ruleFor(List.of("cn=APP"))).isEmpty();
        assertThat(policy.ruleFor(List.of("cn=app"))).isPresent();
    }

    @Test
    void defaultsAreFinite() {
        ClientRule rule = ClientPolicy.parse(List.of("uri=spiffe://lab/app | readers=*")).rules().get(0);

        assertThat(rule.maxSessions()).isEqualTo(ClientPolicy.DEFAULT_SESSIONS);
        assertThat(rule.maxExclusiveMs()).isEqualTo(ClientPolicy.DEFAULT_EXCLUSIVE_MS);
        assertThat(rule.verifyPerMinute()).isEqualTo(ClientPolicy.DEFAULT_VERIFY_PER_MINUTE);
    }

    @Test
    void anUnreadableRuleNamesItselfAndWhatIsWrong() {
        assertThatThrownBy(() -> ClientPolicy.parse(List.of("cn=a | readers=*; app-2 | readers=*")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rule 2")
                .hasMessageContaining("identity");
        assertThatThrownBy(() -> ClientPolicy.parse(List.of("cn=a | sessions=2")))
                .hasMessageContaining("rule 1").hasMessageContaining("readers=");
        assertThatThrownBy(() -> ClientPolicy.parse(List.of("cn=a | readers=* | sessions=0")))
                .hasMessageContaining("sessions must be a whole number 1");
        assertThatThrownBy(() -> ClientPolicy.parse(List.of("cn=a | readers=* | sesions=2")))
                .hasMessageContaining("'sesions' is not a rule setting");
        assertThatThrownBy(() -> ClientPolicy.parse(List.of("cn=a | readers=* | verify.per.minute=ten")))
                .hasMessageContaining("verify.per.minute");
        assertThatThrownBy(() -> ClientPolicy.parse(List.of("cn= | readers=*"))).hasMessageContaining("identity");
    }
}
