package org.cardmanage.itests.remote;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.List;

import org.cardmanage.api.ReaderInfo;
import org.cardmanage.api.admin.CardAdmin;
import org.cardmanage.itests.Apdus;
import org.cardmanage.itests.Await;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The farm authorizes by the client certificate's identity: this framework is a farm whose rules give client
 * {@code app-a} the readers {@code Sim Reader *}, two sessions and two PIN tries a minute, and {@code app-b} only
 * {@code Sim Reader 0}; a third reader, {@code Vault Reader}, is nobody's. Raw gRPC peers in this JVM check that a
 * session belongs to its client and connection, and that every limit holds on the farm, before the card is touched.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FarmPolicyIT extends LocalFarmTestBase {
    static final String SIM_READER_1 = "Sim Reader 1";
    static final String VAULT_READER = "Vault Reader";
    static final String SELECT_MF = "00 A4 00 0C 02 3F 00";

    private static int port;

    @Configuration
    public Option[] config() {
        return options(baseOptions(), RemoteOptions.remoteBundle(), RemoteOptions.grpcForProbe());
    }

    @Before
    public void farm() {
        if (port == 0) {
            sim().addReader(SIM_READER_1, "demo");
            sim().addReader(VAULT_READER, "demo");
            awaitReader(SIM_READER_1);
            awaitReader(VAULT_READER);
            port = RemoteOptions.freePort();
            startFarm(FarmConfig.tls("farm", port, TestPki.main()).clients(
                    "cn=app-a | readers=Sim Reader * | sessions=2 | verify.per.minute=2",
                    "cn=app-b | readers=Sim Reader 0"));
        }
        freshCard(SIM_READER); // PIN tries back to 3
    }

    /** Every test's clients are closed by then: their connections' sessions are closed by the farm at once. */
    @After
    public void noSessionOutlivesItsConnection() {
        Await.until("the farm closed the sessions of the closed connections", () -> remoteAttachments().isEmpty(),
                WAIT);
    }

    private static RawClient client(String name) {
        return RawClient.tls(port, TestPki.main(), name);
    }

    @Test
    public void aClientCannotUseAnotherClientsSessionNorItsOwnFromAnotherConnection() throws Exception {
        try (RawClient a = client("app-a"); RawClient b = client("app-b"); RawClient otherA = client("app-a")) {
            String session = a.open(SIM_READER);
            StatusRuntimeException unknown = RawClient.failure(() -> b.transmit("no-such-session", new byte[4]));
            assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());

            StatusRuntimeException stolen =
                    RawClient.failure(() -> b.transmit(session, hex(WRONG_PIN)));
            assertEquals(Status.Code.NOT_FOUND, stolen.getStatus().getCode());
            assertEquals("another client's session looks exactly like one that does not exist",
                    unknown.getStatus().getDescription(), stolen.getStatus().getDescription());
            assertEquals(Status.Code.NOT_FOUND, RawClient.status(() -> {
                b.lock(session, 1000);
                return null;
            }));
            assertEquals(List.of(session), b.renew(session));
            b.close(session); // closing an unknown session succeeds and does nothing
            assertEquals("the same identity on another connection", Status.Code.NOT_FOUND,
                    RawClient.status(() -> otherA.transmit(session, hex(WRONG_PIN))));

            assertEquals("no wrong PIN reached the card", 3, pinTriesLeft(SIM_READER));
            assertEquals(1, attachmentsFor("cn=app-a").size());
            assertEquals(Boolean.FALSE, attachmentsFor("cn=app-a").get(0).get(CardAdmin.LOCK_HELD));
            assertEquals("the owner's session still works", Apdus.SW_OK, a.sw(session, SELECT_MF));
            assertEquals(List.of(), a.renew(session));
        }
    }

    @Test
    public void aClientSeesAndOpensOnlyTheReadersItsRuleAllows() {
        assertTrue("the farm has the vault reader", reader(VAULT_READER).map(ReaderInfo::cardPresent).orElse(false));
        try (RawClient a = client("app-a"); RawClient b = client("app-b")) {
            assertEquals(List.of(SIM_READER, SIM_READER_1), a.readers());
            assertEquals(List.of(SIM_READER), b.readers());

            assertEquals(Status.Code.PERMISSION_DENIED, RawClient.status(() -> a.open(VAULT_READER)));
            assertEquals(Status.Code.PERMISSION_DENIED, RawClient.status(() -> b.open(SIM_READER_1)));
            assertEquals(0, sim().openSessions(VAULT_READER));
            assertEquals(0, sim().openSessions(SIM_READER_1));
            assertTrue(remoteAttachments().isEmpty());

            String allowed = a.open(SIM_READER_1);
            assertEquals(Apdus.SW_OK, a.sw(allowed, SELECT_MF));
        }
    }

    @Test
    public void aClientHasAtMostItsRulesSessionsWhicheverConnectionAsks() {
        try (RawClient a = client("app-a"); RawClient otherA = client("app-a"); RawClient b = client("app-b")) {
            String first = a.open(SIM_READER);
            a.open(SIM_READER_1);
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, RawClient.status(() -> a.open(SIM_READER)));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, RawClient.status(() -> otherA.open(SIM_READER_1)));
            assertEquals(2, attachmentsFor("cn=app-a").size());

            String ofB = b.open(SIM_READER); // another identity counts its own sessions
            assertEquals(Apdus.SW_OK, b.sw(ofB, SELECT_MF));

            a.close(first);
            String again = otherA.open(SIM_READER);
            assertEquals(Apdus.SW_OK, otherA.sw(again, SELECT_MF));
        }
    }

    @Test
    public void aClientsPinTriesPerCardAreLimitedAndARefusedTryNeverReachesTheCard() throws Exception {
        try (RawClient a = client("app-a"); RawClient b = client("app-b")) {
            String session = a.open(SIM_READER);
            assertEquals(0x63C2, a.sw(session, WRONG_PIN));
            assertEquals(0x63C1, a.sw(session, WRONG_PIN));
            assertEquals("the third VERIFY within the minute", Status.Code.RESOURCE_EXHAUSTED,
                    RawClient.status(() -> a.sw(session, WRONG_PIN)));
            assertEquals("the refused VERIFY did not reach the card", 1, pinTriesLeft(SIM_READER));
            assertEquals("other commands go on", Apdus.SW_OK, a.sw(session, SELECT_MF));

            String ofB = b.open(SIM_READER); // another client has its own allowance
            assertEquals(0x63C1, b.sw(ofB, "00 20 00 81"));
        }

        freshCard(SIM_READER); // a new card: a new allowance
        try (RawClient a = client("app-a")) {
            String session = a.open(SIM_READER);
            assertEquals(0x63C2, a.sw(session, WRONG_PIN));
        }
        freshCard(SIM_READER);
    }

    private static byte[] hex(String apdu) {
        return java.util.HexFormat.of().parseHex(apdu.replace(" ", ""));
    }
}
