package org.cardmanage.itests.remote;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CommandApdu;
import org.cardmanage.api.admin.CardAdmin;
import org.cardmanage.itests.Apdus;
import org.cardmanage.itests.CardmanageTestBase;
import org.junit.After;
import org.junit.Before;
import org.osgi.service.cm.Configuration;

/**
 * For test classes whose framework is the card farm: its configuration through ConfigAdmin, its log, and what the
 * farm's card manager shows of remote clients. The tests' network peers are {@link RawClient}s in this JVM or
 * application hosts in child JVMs. A farm configured by one test of a class stays for the next unless it is
 * configured again.
 *
 * <p>The configuration is only ever updated, never deleted and created again: a singleton configuration deleted and
 * re-created at once may be missed by SCR (it keeps the old component and ignores the new configuration; seen with
 * Felix SCR 2.2 and ConfigAdmin 1.9 when nothing waits between the two).
 */
public abstract class LocalFarmTestBase extends CardmanageTestBase {
    /** A farm's first start loads gRPC and Netty: seconds on a loaded machine. */
    protected static final Duration FARM_START = Duration.ofSeconds(20);
    /** VERIFY PIN reference 81 without data: answers 63Cx, x the tries left (or 9000 once verified). */
    protected static final CommandApdu PIN_STATUS = CommandApdu.parseHex("00 20 00 81");
    /** VERIFY PIN reference 81 with a wrong PIN, "9999". */
    protected static final String WRONG_PIN = "00 20 00 81 04 39 39 39 39";

    /** The farm's configuration; kept from test to test of a class (the framework lives as long), only updated. */
    private static Configuration farm;
    /** The remote bundle's log during the current test. */
    protected FarmLog log;

    @Before
    public void captureTheFarmLog() {
        log = FarmLog.capture();
    }

    @After
    public void stopCapturing() {
        log.close();
    }

    /**
     * Configures this framework's farm (again), and waits until it listens.
     *
     * @return the log line saying where it listens
     */
    protected String startFarm(FarmConfig config) {
        configureFarm(config);
        String bind = config.get("bind.address") == null ? "127.0.0.1" : config.get("bind.address");
        return log.await("serves its readers on " + bind + ":" + config.get("port"), FARM_START);
    }

    /** Configures this framework's farm (again), without waiting for anything. */
    protected void configureFarm(FarmConfig config) {
        try {
            if (farm == null) {
                farm = configAdmin().getConfiguration(RemoteOptions.FARM_PID, "?");
            }
            farm.update(config.dictionary());
        } catch (IOException e) {
            throw new AssertionError("could not configure " + RemoteOptions.FARM_PID, e);
        }
    }

    /** @return the farm card manager's attachments made for remote clients (owner {@code org.cardmanage.remote}) */
    protected List<Map<String, Object>> remoteAttachments() {
        return service(CardAdmin.class).attachments().stream()
                .filter(a -> String.valueOf(a.get(CardAdmin.OWNER)).startsWith(RemoteOptions.REMOTE_BUNDLE + " "))
                .toList();
    }

    /** @return the farm card manager's attachments made for this client identity, e.g. {@code cn=app-a} */
    protected List<Map<String, Object>> attachmentsFor(String identity) {
        return remoteAttachments().stream()
                .filter(a -> String.valueOf(a.get(CardAdmin.OWNER)).endsWith(" for " + identity)).toList();
    }

    /** @return the PIN tries left on the card of a farm reader, asked by a local attachment of the farm */
    protected int pinTriesLeft(String reader) throws CardException {
        try (Attachment local = cardManager().attachByReader(reader)) {
            int sw = local.transmit(PIN_STATUS).sw();
            if ((sw & 0xFFF0) != 0x63C0) {
                throw new AssertionError("VERIFY without data on '" + reader + "' answered " + Apdus.sw(sw));
            }
            return sw & 0x0F;
        }
    }
}
