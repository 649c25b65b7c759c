package org.cardmanage.itests.reliability;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardEvent;
import org.cardmanage.api.CardEventListener;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.CardManager;
import org.cardmanage.driver.sim.SimulatorControl;
import org.cardmanage.itests.Await;
import org.cardmanage.itests.CardServiceTestBase;
import org.cardmanage.itests.CardmanageTestBase;
import org.cardmanage.itests.ClientBundles;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;

/**
 * Load under hot-swap: 16 application threads in 4 client bundles attach, transmit, lock and unlock, reconnect, ask
 * for card services and detach on 8 simulated readers while driver-sim is stopped and started every ~200 ms, cards
 * are pulled and pushed, plugin-iso7816 is installed and uninstalled, and one client bundle is stopped and started.
 * Runs {@code cardmanage.load.seconds} (30 by default). Then: every thread finished (a thread dump otherwise); every
 * failure a caller saw was a {@code CardException} (counted by type and printed); no attachment, claim, lock or
 * driver session is left once the clients detached; every reader's events arrived without loss or reordering and
 * tell a consistent story; threads and retained heap are back to their baseline.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwapLoadIT extends CardmanageTestBase {
    static final String CLIENT_C = "org.cardmanage.itests.client.c";
    static final String CLIENT_D = "org.cardmanage.itests.client.d";
    private static final List<String> CLIENTS = List.of(CLIENT_A, CLIENT_B, CLIENT_C, CLIENT_D);
    private static final int READERS = 8;
    private static final int THREADS_PER_CLIENT = 4;
    private static final String READER_PREFIX = "Load Reader ";
    private static final Duration END_WAIT = Duration.ofSeconds(30);
    /** Pool threads idle out after 5 s; give them that and some. */
    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static final int THREAD_TOLERANCE = 3;
    private static final long HEAP_TOLERANCE = 24L << 20;

    private final LoadFigures figures = new LoadFigures();
    private volatile boolean running = true;
    /** plugin-iso7816 while the chaos has it installed. */
    private volatile Bundle plugin;

    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        return options(baseOptions(), ClientBundles.clientBundles(CLIENT_A, CLIENT_B, CLIENT_C, CLIENT_D));
    }

    @Test
    public void clientsUnderHotSwapSeeOnlyTypedFailuresAndLeaveNothingBehind() throws Exception {
        Duration run = Duration.ofSeconds(Long.getLong("cardmanage.load.seconds", 30));
        EventLedger ledger = new EventLedger();
        ServiceRegistration<CardEventListener> listener = context.registerService(CardEventListener.class, ledger,
                new Hashtable<>(java.util.Map.of(CardEventListener.READER_PATTERN, READER_PREFIX + "*")));
        List<String> readers = new ArrayList<>();
        List<Configuration> configurations = new ArrayList<>();
        for (int i = 0; i < READERS; i++) {
            readers.add(READER_PREFIX + i);
            configurations.add(readerConfiguration(READER_PREFIX + i));
        }
        readers.forEach(this::awaitCard);
        for (String reader : readers) {
            // Warm-up: the lock reaper's thread starts with the first lock and stays; count it in the baseline.
            try (Attachment warm = cardManager().attachByReader(reader);
                    CardLock lock = warm.lock(Duration.ofSeconds(1))) {
                warm.transmit(org.cardmanage.itests.Apdus.SELECT_MF);
            }
        }
        int threadBaseline = Heap.threadCount();
        long heapBaseline = Heap.usedAfterGc();
        System.out.println("RELIABILITY baseline: " + threadBaseline + " threads " + Heap.threadsByName() + ", "
                + (heapBaseline >> 20) + " MiB heap retained");

        List<Thread> clients = startClients(readers);
        List<Chaos> chaos = startChaos(readers);
        long deadline = System.nanoTime() + run.toNanos();
        while (System.nanoTime() - deadline < 0) {
            // The run's length: the load goes on meanwhile.
            LockSupport.parkNanos(Math.min(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(250)));
        }
        stopChaos(chaos);
        running = false;
        awaitFinished("client", clients);

        System.out.println("RELIABILITY hot-swap load, " + run.toSeconds() + " s, " + clients.size() + " threads in "
                + CLIENTS.size() + " bundles on " + READERS + " readers: " + figures.report());
        chaos.forEach(c -> System.out.println("RELIABILITY chaos " + c.name() + ": injections that found the world "
                + "changed under them: " + c.failures()));
        assertEquals("failures that were not CardExceptions: " + figures.violations(), 0, figures.violationCount());
        assertTrue("the load did something: " + figures.report(), figures.operations("transmit") > 1_000
                && figures.operations("lock") > 0 && figures.operations("reconnect") > 0
                && figures.operations("attachByHandle") > 0 && figures.faults("driver-sim restarted") >= 5
                && figures.faults("client bundle restarted") >= 1 && figures.faults("plugin installed") >= 1);

        assertNothingLeftBehind(readers);
        configurations.forEach(HotSwapLoadIT::delete);
        readers.forEach(this::awaitReaderGone);
        for (String reader : readers) {
            Await.until("the last event of " + reader + " is READER_REMOVED", () -> {
                CardEvent last = ledger.last(reader);
                return last != null && last.type() == CardEvent.Type.READER_REMOVED;
            }, WAIT);
            String problems = ledger.problems(reader);
            if (problems != null) {
                fail("events of " + reader + ": " + problems);
            }
        }
        System.out.println("RELIABILITY hot-swap load: " + ledger.total() + " events checked, none lost or out of "
                + "order");
        listener.unregister();

        Heap.awaitThreadsBackTo(threadBaseline + THREAD_TOLERANCE, SETTLE);
        Heap.awaitHeapBackTo(heapBaseline + HEAP_TOLERANCE, SETTLE);
    }

    private List<Thread> startClients(List<String> readers) {
        List<Thread> threads = new ArrayList<>();
        long seed = 1;
        for (String client : CLIENTS) {
            Bundle bundle = installedBundle(client);
            for (int i = 0; i < THREADS_PER_CLIENT; i++) {
                Thread thread = new Thread(new LoadClient(bundle, readers, figures, () -> running, seed++),
                        "load-" + client.substring(client.lastIndexOf('.') + 1) + "-" + i);
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }
        }
        return threads;
    }

    private List<Chaos> startChaos(List<String> readers) {
        Random random = new Random(42);
        Bundle sim = driverSimBundle();
        Bundle restarted = installedBundle(CLIENT_D);
        return List.of(
                new Chaos("driver-sim stop/start", 100, () -> {
                    sim.stop();
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                    sim.start();
                    figures.injected("driver-sim restarted");
                }).start(),
                new Chaos("card pull/push", 20, () -> {
                    SimulatorControl control = currentSim();
                    String reader = readers.get(random.nextInt(readers.size()));
                    if (control != null && control.removeCard(reader)) {
                        figures.injected("card removed");
                    } else if (control != null) {
                        control.insertCard(reader, "demo");
                        figures.injected("card inserted");
                    }
                }).start(),
                new Chaos("plugin install/uninstall", 500, () -> {
                    if (plugin == null) {
                        plugin = context.installBundle(CardServiceTestBase.isoPluginLocation());
                        plugin.start();
                        figures.injected("plugin installed");
                    } else {
                        Bundle gone = plugin;
                        plugin = null;
                        gone.uninstall();
                        figures.injected("plugin uninstalled");
                    }
                }).start(),
                new Chaos("client bundle stop/start", 1_500, () -> {
                    restarted.stop();
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
                    restarted.start();
                    figures.injected("client bundle restarted");
                }).start());
    }

    private void stopChaos(List<Chaos> chaos) throws Exception {
        chaos.forEach(Chaos::stop);
        awaitFinished("chaos", chaos.stream().map(Chaos::thread).toList());
        if (plugin != null) {
            plugin.uninstall();
            plugin = null;
        }
        for (Bundle bundle : List.of(driverSimBundle(), installedBundle(CLIENT_D))) {
            if (bundle.getState() != Bundle.ACTIVE) {
                start(bundle);
            }
        }
    }

    private static void awaitFinished(String what, List<Thread> threads) {
        long deadline = System.nanoTime() + END_WAIT.toNanos();
        List<Thread> unfinished = new ArrayList<>();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the " + what + " threads", e);
            }
            if (thread.isAlive()) {
                unfinished.add(thread);
            }
        }
        if (!unfinished.isEmpty()) {
            fail(unfinished.size() + " " + what + " threads did not finish within " + END_WAIT.toSeconds()
                    + " s (deadlock or a call that never returns):" + ThreadDump.of(unfinished));
        }
    }

    /** No attachment, claim, lock or driver session is left: the core's table and driver-sim's count agree. */
    private void assertNothingLeftBehind(List<String> readers) throws Exception {
        for (String client : CLIENTS) {
            assertEquals("attachments " + client + " still has", List.of(), managerOf(client).attachments());
        }
        assertEquals("card:attachments lists every bundle's live attachments", "no attachments",
                ShellCommands.run(context, "attachments"));
        SimulatorControl control = sim();
        for (String reader : readers) {
            if (control.cardAtr(reader).isEmpty()) {
                control.insertCard(reader, "demo");
            }
            awaitCard(reader);
            Await.until("driver-sim has no open session left on " + reader, () -> control.openSessions(reader) == 0,
                    SETTLE);
            CardManager probe = cardManager();
            try (Attachment exclusive = probe.attachByReader(reader, AttachOptions.exclusive());
                    CardLock lock = exclusive.lock(Duration.ZERO)) {
                assertTrue("no claim or lock is left on " + reader, lock.isHeld());
            }
        }
    }

    private SimulatorControl currentSim() {
        ServiceReference<SimulatorControl> reference = context.getServiceReference(SimulatorControl.class);
        return reference == null ? null : context.getService(reference);
    }

    private Configuration readerConfiguration(String name) throws Exception {
        Configuration configuration =
                configAdmin().createFactoryConfiguration(CardmanageTestBase.SIM_READER_FACTORY_PID, "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("name", name);
        properties.put("card", "demo");
        configuration.update(properties);
        return configuration;
    }

    private static void delete(Configuration configuration) {
        try {
            configuration.delete();
        } catch (java.io.IOException e) {
            throw new AssertionError("could not delete " + configuration.getPid(), e);
        }
    }
}
