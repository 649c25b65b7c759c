package org.cardmanage.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.cardmanage.api.AccessDeniedException;
import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentState;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ShareMode;
import org.cardmanage.core.internal.attachment.CoreAttachment;
import org.cardmanage.core.internal.testsupport.FakeReader;
import org.cardmanage.core.internal.testsupport.TestCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A bundle that attaches for a principal is seen by the access policy as {@code SYMBOLIC-NAME/PRINCIPAL} and named
 * {@code ... for PRINCIPAL}; it can narrow its own identity but not step around a rule written for the bundle.
 */
class PrincipalAttachTest {
    private static final String REMOTE = "org.cardmanage.remote";
    private static final AttachOptions APP_1 = AttachOptions.shared().withPrincipal("cn=app-1");
    private static final AttachOptions APP_2 = AttachOptions.shared().withPrincipal("cn=app-2");

    private final TestCore fixture = new TestCore(TestCore.settings().accessPolicy("allow",
            "allow org.cardmanage.remote/cn=app-1 = Sim*", "deny org.cardmanage.remote* = Sim*",
            "deny org.cardmanage.remote = Bank*").build());
    private final FakeReader sim = fixture.readerWithCard("Sim Reader 0");
    private final BundleCardManager remote = fixture.manager(REMOTE);

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void policyAdmitsTheNamedPrincipal() throws Exception {
        Attachment attachment = remote.attachByReader("Sim Reader 0", APP_1);

        assertThat(attachment.state()).isEqualTo(AttachmentState.ACTIVE);
    }

    @Test
    void policyDeniesAnotherPrincipalOfTheSameBundleNamingIt() {
        assertThatThrownBy(() -> remote.attachByReader("Sim Reader 0", APP_2))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageMatching("bundle org\\.cardmanage\\.remote \\[\\d+\\] for cn=app-2 may not attach .*")
                .hasMessageContaining("rule 2");
        assertThat(remote.attachments()).isEmpty();
        assertThat(sim.sessions()).isEmpty();
    }

    @Test
    void denyRuleForTheBundleCoversEveryPrincipal() {
        fixture.readerWithCard("Bank Reader");

        assertThatThrownBy(() -> remote.attachByReader("Bank Reader", APP_1))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("rule 3");
    }

    @Test
    void attachWithoutPrincipalIsCheckedAsTheBundleAlone() throws Exception {
        fixture.readerWithCard("Other Reader");

        assertThatThrownBy(() -> remote.attachByReader("Sim Reader 0")).isInstanceOf(AccessDeniedException.class)
                .hasMessageMatching("bundle org\\.cardmanage\\.remote \\[\\d+\\] may not attach .*rule 2.*");
        assertThat(((CoreAttachment) remote.attachByReader("Other Reader")).ownerName())
                .matches("org\\.cardmanage\\.remote \\[\\d+\\]");
    }

    @Test
    void attachByHandleIsCheckedForThePrincipal() throws Exception {
        var handle = remote.attachByReader("Sim Reader 0", APP_1).handle().orElseThrow();

        assertThat(remote.attachByHandle(handle, APP_1).state()).isEqualTo(AttachmentState.ACTIVE);
        assertThatThrownBy(() -> remote.attachByHandle(handle, APP_2)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void ownerNameCarriesThePrincipal() throws Exception {
        CoreAttachment attachment = (CoreAttachment) remote.attachByReader("Sim Reader 0", APP_1);

        assertThat(attachment.ownerName()).isEqualTo(REMOTE + " [" + attachment.ownerBundleId() + "] for cn=app-1");
        assertThat(attachment.toString()).contains("owner " + attachment.ownerName());
    }

    @Test
    void reconnectKeepsThePrincipalFixedAtAttach() throws Exception {
        Attachment attachment = remote.attachByReader("Sim Reader 0", APP_1);

        attachment.reconnect(ShareMode.SHARED, Disposition.LEAVE);
        assertThat(attachment.state()).isEqualTo(AttachmentState.ACTIVE);

        fixture.core().modified(Map.of("access.policy", "deny org.cardmanage.remote/cn=app-1 = Sim*"));

        assertThatThrownBy(() -> attachment.reconnect(ShareMode.SHARED, Disposition.LEAVE))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("for cn=app-1");
    }

    @Test
    void invalidPrincipalIsRejectedBeforeAnythingHappens() {
        for (String principal : new String[] {"", "x".repeat(201), "cn=app-1\nforged log line"}) {
            assertThatThrownBy(() -> remote.attachByReader("Sim Reader 0", AttachOptions.shared()
                    .withPrincipal(principal))).isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("principal");
        }
        assertThat(remote.attachments()).isEmpty();
        assertThat(fixture.core().allAttachments()).isEmpty();
        assertThat(sim.sessions()).isEmpty();
    }
}
