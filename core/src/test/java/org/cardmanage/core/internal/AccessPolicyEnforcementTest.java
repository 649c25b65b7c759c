package org.cardmanage.core.internal;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cardmanage.api.AccessDeniedException;
import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardHandle;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ShareMode;
import org.cardmanage.core.internal.testsupport.FakeReader;
import org.cardmanage.core.internal.testsupport.TestCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reader access policy is checked on every attach (by reader, by handle, DIRECT) and on every reconnect. */
class AccessPolicyEnforcementTest {
    private TestCore fixture = new TestCore(
            TestCore.settings().accessPolicy("allow", "allow com.bank.* = Bank*", "deny * = Bank*").build());

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void attachByReaderIsDeniedNamingBundleAndReader() {
        fixture.readerWithCard("Bank Reader");
        CardManager app = fixture.manager("com.example.app");

        assertThatThrownBy(() -> app.attachByReader("Bank Reader")).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("com.example.app [").hasMessageContaining("'Bank Reader'");
        assertThat(app.attachments()).isEmpty();
        assertThat(fixture.core().allAttachments()).isEmpty();
    }

    @Test
    void deniedAttachNeverReachesTheDriver() {
        FakeReader reader = fixture.readerWithCard("Bank Reader");

        assertThatThrownBy(() -> fixture.manager("com.example.app").attachByReader("Bank Reader",
                AttachOptions.direct())).isInstanceOf(AccessDeniedException.class);
        assertThat(reader.sessions()).isEmpty();
    }

    @Test
    void allowedBundleAttaches() throws Exception {
        fixture.readerWithCard("Bank Reader");

        Attachment attachment = fixture.manager("com.bank.teller").attachByReader("Bank Reader");

        assertThat(attachment.transmit(org.cardmanage.core.internal.testsupport.Apdus.SELECT_MF).sw())
                .isEqualTo(0x9000);
    }

    @Test
    void otherReadersFollowTheDefault() throws Exception {
        fixture.readerWithCard("Sim Reader 0");

        assertThat(fixture.manager("com.example.app").attachByReader("Sim Reader 0").readerName())
                .isEqualTo("Sim Reader 0");
    }

    @Test
    void aHandlePassedToADeniedBundleDoesNotLetItAttach() throws Exception {
        fixture.readerWithCard("Bank Reader");
        CardHandle handle = fixture.manager("com.bank.teller").attachByReader("Bank Reader").handle().orElseThrow();

        assertThatThrownBy(() -> fixture.manager("com.example.app").attachByHandle(handle))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("'Bank Reader'");
    }

    @Test
    void reconnectIsCheckedAgainstThePolicyNowInForce() throws Exception {
        fixture.close();
        fixture = new TestCore();
        fixture.readerWithCard("Bank Reader");
        Attachment attachment = fixture.manager("com.example.app").attachByReader("Bank Reader");

        fixture.core().modified(Map.of("access.policy", "deny com.example.* = Bank*"));

        assertThatThrownBy(() -> attachment.reconnect(ShareMode.SHARED, Disposition.LEAVE))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(attachment.shareMode()).isEqualTo(ShareMode.SHARED);
    }

    @Test
    void aConfigurationWithOneUnreadableValueDeniesEveryAttach() throws Exception {
        fixture.close();
        fixture = new TestCore();
        fixture.readerWithCard("Sim Reader 0");

        fixture.core().modified(Map.of("lock.idle.timeout.ms", "5s", "access.policy", "allow * = *"));

        assertThatThrownBy(() -> fixture.manager("com.example.app").attachByReader("Sim Reader 0"))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("lock.idle.timeout.ms = '5s'");
        assertThat(fixture.core().configurationProblem()).isPresent();

        fixture.core().modified(Map.of("lock.idle.timeout.ms", "5000"));

        assertThat(fixture.core().configurationProblem()).isEmpty();
        assertThat(fixture.manager("com.example.app").attachByReader("Sim Reader 0").state())
                .isEqualTo(org.cardmanage.api.AttachmentState.ACTIVE);
    }

    @Test
    void anUnreadablePolicyDeniesEveryAttach() {
        fixture.close();
        fixture = new TestCore();
        fixture.readerWithCard("Sim Reader 0");

        fixture.core().modified(Map.of("access.policy", "allow com.example.app Sim*"));

        assertThatThrownBy(() -> fixture.manager("com.example.app").attachByReader("Sim Reader 0"))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("invalid");
    }
}
