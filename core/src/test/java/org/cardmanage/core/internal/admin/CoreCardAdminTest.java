package org.cardmanage.core.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cardmanage.core.internal.testsupport.Apdus.SELECT_MF;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.AttachmentClosedException;
import org.cardmanage.api.CardEvent;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.admin.CardAdmin;
import org.cardmanage.core.internal.BundleCardManager;
import org.cardmanage.core.internal.testsupport.FakeReader;
import org.cardmanage.core.internal.testsupport.RecordingListener;
import org.cardmanage.core.internal.testsupport.TestCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The administration service: every bundle's attachments as maps, and detaching on an operator's behalf. */
class CoreCardAdminTest {
    private final TestCore fixture = new TestCore(TestCore.settings().lockIdleTimeout(Duration.ofSeconds(60)).build());
    private final CardAdmin admin = new CoreCardAdmin(fixture.core());
    private final BundleCardManager app = fixture.manager("app");
    private final BundleCardManager other = fixture.manager("other");
    private final FakeReader reader = fixture.readerWithCard("Reader A");

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void listsTheAttachmentsOfEveryBundleInIdOrder() throws Exception {
        Attachment first = app.attachByReader("Reader A");
        Attachment second = other.attachByReader("Reader A");

        List<Map<String, Object>> rows = admin.attachments();

        assertThat(rows).extracting(row -> row.get(CardAdmin.ID)).containsExactly(first.id(), second.id());
        assertThat(rows.get(0)).containsEntry(CardAdmin.READER, "Reader A")
                .containsEntry(CardAdmin.SHARE_MODE, "SHARED")
                .containsEntry(CardAdmin.STATE, "ACTIVE")
                .containsEntry(CardAdmin.OWNER, "app [" + rows.get(0).get(CardAdmin.OWNER_BUNDLE_ID) + "]")
                .containsEntry(CardAdmin.LOCK_HELD, false)
                .doesNotContainKey(CardAdmin.LOCK_IDLE_MS)
                .containsKey(CardAdmin.CREATED);
        assertThat(rows.get(1)).containsEntry(CardAdmin.OWNER, "other [" + rows.get(1).get(CardAdmin.OWNER_BUNDLE_ID)
                + "]");
        assertThat(rows.get(0).get(CardAdmin.OWNER_BUNDLE_ID)).isNotEqualTo(rows.get(1).get(CardAdmin.OWNER_BUNDLE_ID));
    }

    @Test
    void ownerOfAnAttachmentMadeForAPrincipalNamesIt() throws Exception {
        Attachment attachment = fixture.manager("org.cardmanage.remote").attachByReader("Reader A",
                AttachOptions.shared().withPrincipal("cn=app-1"));

        Map<String, Object> row = rowOf(attachment);

        assertThat(row).containsEntry(CardAdmin.OWNER,
                "org.cardmanage.remote [" + row.get(CardAdmin.OWNER_BUNDLE_ID) + "] for cn=app-1");
    }

    @Test
    void ordersIdsByTheirNumber() {
        assertThat(List.of("a-10", "a-2", "a-1").stream().sorted(CoreCardAdmin.BY_ID_NUMBER).toList())
                .containsExactly("a-1", "a-2", "a-10");
    }

    @Test
    void showsTheLockHolderAndHowLongItsLockIsUnused() throws Exception {
        Attachment holder = app.attachByReader("Reader A");
        Attachment bystander = other.attachByReader("Reader A");
        holder.lock(Duration.ofSeconds(1));

        Map<String, Object> holderRow = rowOf(holder);

        assertThat(holderRow).containsEntry(CardAdmin.LOCK_HELD, true);
        assertThat((Long) holderRow.get(CardAdmin.LOCK_IDLE_MS)).isNotNegative();
        assertThat(rowOf(bystander)).containsEntry(CardAdmin.LOCK_HELD, false);
    }

    @Test
    void forceDetachEndsTheOwnersAttachmentWithTheReason() throws Exception {
        RecordingListener listener = fixture.listener();
        Attachment attachment = app.attachByReader("Reader A");

        boolean detached = admin.forceDetach(attachment.id(), Disposition.RESET, "detached by admin from the console");

        assertThat(detached).isTrue();
        assertThat(reader.session().awaitCall("disconnect RESET")).containsExactly("disconnect RESET");
        assertThatThrownBy(() -> attachment.transmit(SELECT_MF)).isInstanceOf(AttachmentClosedException.class)
                .hasMessageContaining("detached by admin from the console");
        CardEvent revoked = listener.await(CardEvent.Type.ATTACHMENT_REVOKED, "Reader A");
        assertThat(revoked.attachmentId()).contains(attachment.id());
        assertThat(admin.attachments()).isEmpty();
        assertThat(app.attachments()).isEmpty();
    }

    @Test
    void forceDetachFreesTheLockForOthers() throws Exception {
        Attachment holder = app.attachByReader("Reader A");
        Attachment waiter = other.attachByReader("Reader A");
        holder.lock(Duration.ofSeconds(1));

        admin.forceDetach(holder.id(), Disposition.LEAVE, "stuck");

        try (CardLock lock = waiter.lock(Duration.ofSeconds(5))) {
            assertThat(lock.isHeld()).isTrue();
        }
    }

    @Test
    void forceDetachOfAnUnknownOrDetachedAttachmentIsFalse() throws Exception {
        Attachment attachment = app.attachByReader("Reader A");
        attachment.close();

        assertThat(admin.forceDetach(attachment.id(), Disposition.RESET, "gone")).isFalse();
        assertThat(admin.forceDetach("a-999", Disposition.RESET, "never was")).isFalse();
    }

    @Test
    void forceDetachNeedsAnIdADispositionAndAReason() {
        assertThatThrownBy(() -> admin.forceDetach(" ", Disposition.RESET, "why"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> admin.forceDetach("a-1", null, "why")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> admin.forceDetach("a-1", Disposition.RESET, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLockIdleBoundIsTheCoresSetting() {
        assertThat(admin.lockIdleTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    private Map<String, Object> rowOf(Attachment attachment) {
        return admin.attachments().stream().filter(row -> attachment.id().equals(row.get(CardAdmin.ID))).findFirst()
                .orElseThrow();
    }
}
