package org.cardmanage.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.cardmanage.api.Rejections.assertSaysWhatWasWrong;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttachOptionsTest {
    private static final List<String> PRINCIPAL = List.of("principal");

    @Test
    void attachesForTheBundleItselfByDefault() {
        assertThat(AttachOptions.shared().principal()).isEmpty();
        assertThat(AttachOptions.exclusive().principal()).isEmpty();
        assertThat(AttachOptions.direct().principal()).isEmpty();
    }

    @Test
    void withPrincipalKeepsTheOtherSettings() {
        AttachOptions options = AttachOptions.exclusive().withResponseChaining(false).withPrincipal("cn=app-1");

        assertThat(options.principal()).contains("cn=app-1");
        assertThat(options.shareMode()).isEqualTo(ShareMode.EXCLUSIVE);
        assertThat(options.responseChaining()).isFalse();
    }

    @Test
    void otherSettersKeepThePrincipal() {
        AttachOptions options = AttachOptions.shared().withPrincipal("cn=app-1")
                .withShareMode(ShareMode.EXCLUSIVE).withProtocols(Protocol.T1).withResponseChaining(false);

        assertThat(options.principal()).contains("cn=app-1");
    }

    @Test
    void principalTakesPartInEquality() {
        AttachOptions app1 = AttachOptions.shared().withPrincipal("cn=app-1");

        assertThat(app1).isEqualTo(AttachOptions.shared().withPrincipal("cn=app-1"))
                .hasSameHashCodeAs(AttachOptions.shared().withPrincipal("cn=app-1"))
                .isNotEqualTo(AttachOptions.shared().withPrincipal("cn=app-2"))
                .isNotEqualTo(AttachOptions.shared());
        assertThat(AttachOptions.shared()).isNotEqualTo(app1);
    }

    @Test
    void toStringNamesThePrincipal() {
        assertThat(AttachOptions.shared().withPrincipal("cn=app-1").toString()).contains("for cn=app-1");
        assertThat(AttachOptions.shared().toString()).doesNotContain("for");
    }

    @Test
    void principalMayHoldSpacesPunctuationAndLettersOfAnyScript() {
        String dn = "CN=Müller, O=銀行 / Abteilung=7";

        assertThat(AttachOptions.shared().withPrincipal(dn).principal()).contains(dn);
        assertThat(AttachOptions.shared().withPrincipal("x".repeat(200)).principal()).isPresent();
    }

    @Test
    void nullPrincipalIsRejected() {
        assertSaysWhatWasWrong(catchThrowable(() -> AttachOptions.shared().withPrincipal(null)), PRINCIPAL);
    }

    @Test
    void emptyPrincipalIsRejectedGivingItsLength() {
        Throwable thrown = catchThrowable(() -> AttachOptions.shared().withPrincipal(""));

        assertSaysWhatWasWrong(thrown, PRINCIPAL);
        assertThat(thrown).hasMessageContaining("0 characters");
    }

    @Test
    void blankPrincipalIsRejected() {
        assertSaysWhatWasWrong(catchThrowable(() -> AttachOptions.shared().withPrincipal("   ")), PRINCIPAL);
    }

    @Test
    void tooLongPrincipalIsRejectedGivingItsLengthButNotItsText() {
        Throwable thrown = catchThrowable(() -> AttachOptions.shared().withPrincipal("secret".repeat(40)));

        assertSaysWhatWasWrong(thrown, PRINCIPAL);
        assertThat(thrown).hasMessageContaining("240 characters").hasMessageNotContaining("secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cn=a\nforged", "cn=a\r", "cn=\u0000a", "cn=\u001b[31ma", "cn=a\u0085", "cn=a\u2028",
        "cn=\u202Eevil", "cn=a\u200B", "cn=\uD800a"})
    void unprintablePrincipalIsRejectedGivingTheCodePointButNotTheText(String principal) {
        Throwable thrown = catchThrowable(() -> AttachOptions.shared().withPrincipal(principal));

        assertSaysWhatWasWrong(thrown, PRINCIPAL);
        assertThat(thrown).hasMessageMatching("principal contains the unprintable character U\\+[0-9A-F]{4}; .*")
                .hasMessageNotContaining("cn=");
    }

    @Test
    void rejectedPrincipalLeavesTheOptionsAsTheyWere() {
        AttachOptions options = AttachOptions.exclusive().withPrincipal("cn=app-1");

        catchThrowable(() -> options.withPrincipal("cn=\nx"));

        assertThat(options).isEqualTo(AttachOptions.exclusive().withPrincipal("cn=app-1"));
    }
}
