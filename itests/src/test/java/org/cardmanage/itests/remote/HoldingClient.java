package org.cardmanage.itests.remote;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardFilter;
import org.cardmanage.api.CardHandle;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.CardManager;
import org.cardmanage.api.CommandApdu;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The activator of a client bundle for an application host in a child JVM: it waits for a remote reader of farm
 * {@code farm}, attaches to it, locks the card, verifies the PIN and keeps all of it, so that the test can kill or
 * freeze its JVM while it holds a session, a transaction and a verified PIN on the farm's card.
 */
public final class HoldingClient implements BundleActivator {
    private volatile Thread worker;
    // kept reachable on purpose: the session and lock must outlive start()
    private volatile Attachment attachment;
    private volatile CardLock lock;

    @Override
    public void start(BundleContext context) {
        worker = new Thread(() -> hold(context), "holding-client");
        worker.setDaemon(true);
        worker.start();
    }

    private void hold(BundleContext context) {
        ServiceTracker<CardManager, CardManager> tracker = new ServiceTracker<>(context, CardManager.class, null);
        tracker.open();
        try {
            CardManager cards = tracker.waitForService(TimeUnit.SECONDS.toMillis(60));
            attachment = attach(cards);
            lock = attachment.lock(Duration.ofSeconds(5));
            attachment.transmit(CommandApdu.parseHex("00 A4 00 0C 02 3F 00"));
            int verify = attachment.transmit(CommandApdu.parseHex("00 20 00 81 04 31 32 33 34")).sw();
            System.out.println("HoldingClient holds " + attachment.id() + " on " + attachment.readerName()
                    + " with its lock, PIN verified: " + Integer.toHexString(verify));
        } catch (Exception e) {
            System.out.println("HoldingClient failed: " + e);
        }
    }

    /** Locates the farm's card and attaches to it by its handle, as an application waiting for a card does. */
    private static Attachment attach(CardManager cards) throws Exception {
        CardHandle card = cards.locate(CardFilter.any().withReaderPattern("farm/*"), Duration.ofSeconds(60));
        return cards.attachByHandle(card);
    }

    @Override
    public void stop(BundleContext context) throws InterruptedException {
        Thread running = worker;
        if (running != null) {
            running.interrupt();
            running.join(5000);
        }
    }
}
