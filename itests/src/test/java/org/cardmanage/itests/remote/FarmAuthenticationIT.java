package org.cardmanage.itests.remote;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.List;
import java.util.Map;

import org.cardmanage.api.admin.CardAdmin;
import org.cardmanage.itests.Apdus;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Across the network nothing is trusted without a certificate: this framework is a farm with mutual TLS, and raw
 * gRPC peers in this JVM knock on it. A peer without a certificate, with one from another CA (even with a name a rule
 * allows), or with an expired one is refused in the TLS handshake, before any call: the farm's card manager sees no
 * attachment and the simulated reader no session. A verified peer that no rule names may call nothing. Meanwhile a
 * named client is served, as the identity of its certificate.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FarmAuthenticationIT extends LocalFarmTestBase {
    /** The trailer in which the farm explains a refusal of its own: absent when the handshake already failed. */
    private static final Metadata.Key<byte[]> FARM_DETAIL =
            Metadata.Key.of("cardmanage-error-bin", Metadata.BINARY_BYTE_MARSHALLER);

    private static int port;

    @Configuration
    public Option[] config() {
        return options(baseOptions(), RemoteOptions.remoteBundle(), RemoteOptions.grpcForProbe());
    }

    @Before
    public void farm() {
        if (port == 0) {
            port = RemoteOptions.freePort();
            startFarm(FarmConfig.tls("farm", port, TestPki.main()).clients(
                    "cn=app-good | readers=Sim Reader *",
                    "cn=app-a | readers=Sim Reader *",
                    "cn=old-app | readers=*"));
        }
    }

    @Test
    public void aNamedClientIsServedAsTheIdentityOfItsCertificate() {
        try (RawClient good = RawClient.tls(port, TestPki.main(), "app-good")) {
            assertEquals("cn=app-good", good.farm().getClientIdentity());
            String session = good.open(SIM_READER);
            List<Map<String, Object>> attachments = attachmentsFor("cn=app-good");
            assertEquals("the farm's card manager shows the session as made for the client: " + remoteAttachments(),
                    1, attachments.size());
            assertEquals(SIM_READER, attachments.get(0).get(CardAdmin.READER));
            assertEquals(Apdus.SW_OK, good.sw(session, "00 A4 00 0C 02 3F 00"));
            good.close(session);
            assertTrue(remoteAttachments().isEmpty());
        }
    }

    @Test
    public void aPeerWithoutACertificateIsRefusedBeforeAnyCall() {
        try (RawClient anonymous = RawClient.withoutCertificate(port, TestPki.main())) {
            assertRefusedInTheHandshake(anonymous);
        }
        assertTheFarmServesItsClients();
    }

    @Test
    public void aPeerWithACertificateOfAnotherCaIsRefusedBeforeAnyCall() {
        // CN=app-a, a name a rule allows, but issued by a CA the farm does not trust
        try (RawClient impostor = RawClient.tls(port, TestPki.otherCa(), "app-a", TestPki.main())) {
            assertRefusedInTheHandshake(impostor);
        }
        assertTheFarmServesItsClients();
    }

    @Test
    public void aPeerWithAnExpiredCertificateIsRefusedBeforeAnyCall() {
        // CN=old-app from the farm's own CA, named by a rule, but expired since yesterday
        try (RawClient expired = RawClient.tls(port, TestPki.main(), "old-app")) {
            assertRefusedInTheHandshake(expired);
        }
        assertTheFarmServesItsClients();
    }

    @Test
    public void aVerifiedPeerThatNoRuleNamesMayCallNothing() {
        try (RawClient nobody = RawClient.tls(port, TestPki.main(), "nobody")) {
            assertEquals(Status.Code.PERMISSION_DENIED, RawClient.status(nobody::farm));
            assertEquals(Status.Code.PERMISSION_DENIED, RawClient.status(nobody::readers));
            assertEquals(Status.Code.PERMISSION_DENIED, RawClient.status(() -> nobody.open(SIM_READER)));
        }
        assertNothingReachedTheCardManager();
        assertTheFarmServesItsClients();
    }

    /** The call fails for want of a connection, not by the farm's answer, and nothing reached the card manager. */
    private void assertRefusedInTheHandshake(RawClient peer) {
        StatusRuntimeException refused = RawClient.failure(() -> peer.open(SIM_READER));
        assertEquals("refused in the handshake: " + refused, Status.Code.UNAVAILABLE, refused.getStatus().getCode());
        assertFalse("the farm never answered a call: " + refused,
                refused.getTrailers() != null && refused.getTrailers().containsKey(FARM_DETAIL));
        assertEquals(Status.Code.UNAVAILABLE, RawClient.status(peer::readers));
        assertNothingReachedTheCardManager();
    }

    private void assertNothingReachedTheCardManager() {
        assertTrue("no remote attachment: " + remoteAttachments(), remoteAttachments().isEmpty());
        assertEquals("no session on the simulated reader", 0, sim().openSessions(SIM_READER));
    }

    private void assertTheFarmServesItsClients() {
        try (RawClient good = RawClient.tls(port, TestPki.main(), "app-good")) {
            assertEquals(List.of(SIM_READER), good.readers());
        }
    }
}
