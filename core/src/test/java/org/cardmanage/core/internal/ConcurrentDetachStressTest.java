package org.cardmanage.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.cardmanage.api.AttachOptions;
import org.cardmanage.api.Attachment;
import org.cardmanage.api.CardException;
import org.cardmanage.api.CardLock;
import org.cardmanage.api.Disposition;
import org.cardmanage.api.ShareMode;
import org.cardmanage.core.internal.attachment.CoreAttachment;
import org.cardmanage.core.internal.testsupport.Apdus;
import org.cardmanage.core.internal.testsupport.FakeReader;
import org.cardmanage.core.internal.testsupport.FakeSession;
import org.cardmanage.core.internal.testsupport.TestCore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Attacks the arbiter and the attachment lifecycle with many threads per bundle (attach, transmit, lock, unlock,
 * reconnect, detach, close) while a chaos thread stops and restarts bundles, removes and inserts cards, unplugs and
 * replugs readers and changes the configuration. Checks that no call hangs (a deadlock or a lost wake-up beyond every
 * bound), that only card exceptions come out, that no interrupt leaks into caller code, that no session is used after
 * or disconnected twice, and that after everything stopped the core is clean: no attachment left, every session
 * disconnected, the card settled, and an EXCLUSIVE attach with an immediate lock succeeds.
 */
class ConcurrentDetachStressTest {
    private static final int BUNDLES = 4;
    private static final int THREADS_PER_BUNDLE = 3;
    private static final String[] READERS = {"Stress A", "Stress B"};
    private static final long RUN_MILLIS = Long.getLong("stress.millis", 6_000);
    private static final long HANG_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long SEED = Long.getLong("stress.seed", 0x5EED_CA4DL);
    private static final Disposition[] DISPOSITIONS = {Disposition.RESET, Disposition.LEAVE, Disposition.UNPOWER};

    private final TestCore fixture = new TestCore(configuration(Disposition.RESET, 5, 30));
    private final FakeReader[] readers = new FakeReader[READERS.length];
    private final boolean[] plugged = new boolean[READERS.length]; // chaos thread only, then main
    private final AtomicReferenceArray<BundleCardManager> managers = new AtomicReferenceArray<>(BUNDLES);
    private final List<Queue<CardLock>> locks = new ArrayList<>();

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Probe> probes = new CopyOnWriteArrayList<>();
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();
    private final AtomicLong operations = new AtomicLong();
    private final AtomicLong cardExceptions = new AtomicLong();
    private final Map<String, java.util.concurrent.atomic.LongAdder> outcomes = new java.util.concurrent.ConcurrentHashMap<>();
    private final ThreadLocal<Attachment> target = new ThreadLocal<>();
    private final ThreadLocal<Attachment> inFlight = new ThreadLocal<>();
    private final ThreadLocal<SplittableRandom> cardRandom = ThreadLocal.withInitial(SplittableRandom::new);
    private volatile String hang;
    /** Counted down when the run ends (its time is up, or a hang was found): what every pacing wait waits for. */
    private final java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
    /** Owner detaches that returned normally with RESET or UNPOWER: that disposition must reach the session. */
    private final Queue<Object[]> detachedWith = new ConcurrentLinkedQueue<>();
    private org.cardmanage.core.internal.testsupport.RecordingListener events;

    /** What one thread is doing now, for the hang detector. */
    private static final class Probe {
        final Thread thread;
        volatile long since; // 0 while between calls
        volatile String what;

        Probe(Thread thread) {
            this.thread = thread;
        }
    }

    private interface Op {
        void run() throws Exception;
    }

    private static Map<String, Object> configuration(Disposition abandon, long transmitWaitMs, long lockIdleMs) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("transmit.wait.ms", transmitWaitMs);
        properties.put("lock.idle.timeout.ms", lockIdleMs);
        properties.put("abandon.disposition", abandon.name());
        properties.put("driver.call.timeout.ms", 2_000L);
        return properties;
    }

    @AfterEach
    void stop() throws InterruptedException {
        running.set(false);
        finished.countDown();
        // The core stops as in a framework; never let a deadlocked core hang the build.
        Thread closer = new Thread(fixture::close, "stress-closer");
        closer.setDaemon(true);
        closer.start();
        closer.join(TimeUnit.SECONDS.toMillis(10));
        if (closer.isAlive() && hang == null) {
            throw new AssertionError("the core did not stop within 10 s\n" + dumpAll());
        }
    }

    @Test
    void detachAbandonReconnectLocksAndChaosNeverHangOrLeak() throws Exception {
        events = fixture.listener();
        for (int r = 0; r < READERS.length; r++) {
            readers[r] = fixture.plug(new FakeReader(READERS[r]).insert()).card(this::slowCard);
            plugged[r] = true;
        }
        for (int b = 0; b < BUNDLES; b++) {
            managers.set(b, fixture.manager(bundleName(b)));
            locks.add(new ConcurrentLinkedQueue<>());
        }

        List<Thread> threads = new ArrayList<>();
        for (int b = 0; b < BUNDLES; b++) {
            for (int t = 0; t < THREADS_PER_BUNDLE; t++) {
                int bundle = b;
                long seed = SEED * 31 + b * 7L + t;
                threads.add(worker("stress-" + bundleName(b) + "-" + t, () -> clientLoop(bundle, seed)));
            }
        }
        threads.add(worker("stress-chaos", () -> chaosLoop(SEED ^ 0xC4A05L)));
        Thread detector = new Thread(this::detectHangs, "stress-hang-detector");
        detector.setDaemon(true);

        detector.start();
        threads.forEach(Thread::start);
        finished.await(RUN_MILLIS, TimeUnit.MILLISECONDS);
        running.set(false);
        finished.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(8));
        }
        for (Thread thread : threads) {
            if (thread.isAlive() && hang == null) {
                hang = "thread " + thread.getName() + " did not finish after the run\n" + dumpAll();
            }
        }
        detector.interrupt();
        new java.util.TreeMap<>(outcomes).forEach((k, v) -> System.out.println("stress outcome " + k + ": " + v));
        assertThat(hang).as("a call hung (deadlock or lost wake-up)").isNull();

        // Everything stops, every reader is back with a card.
        for (int b = 0; b < BUNDLES; b++) {
            BundleCardManager manager = managers.getAndSet(b, null);
            fixture.stop(manager);
        }
        for (int r = 0; r < READERS.length; r++) {
            if (!plugged[r]) {
                fixture.plug(readers[r]);
                plugged[r] = true;
            }
        }
        java.time.Instant mark = java.time.Instant.now();
        for (FakeReader reader : readers) {
            reader.insert();
        }

        if (!awaitClean("after every bundle stopped and every reader is back")) {
            assertNoViolations();
        }
        checkDispositionsKept(mark);

        BundleCardManager last = fixture.manager("stress-last");
        for (FakeReader reader : readers) {
            try {
                Attachment exclusive = last.attachByReader(reader.name(), AttachOptions.exclusive());
                boolean settled = ((CoreAttachment) exclusive).arbiter()
                        .awaitSettled(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
                if (!settled) {
                    violations.add("reader " + reader.name() + " did not settle within 5 s (call running or debt "
                            + "owed)\n" + dumpAll());
                }
                CardLock lock = exclusive.lock(Duration.ZERO);
                assertThat(lock.isHeld()).isTrue();
                assertThat(exclusive.transmit(Apdus.SELECT_MF).sw()).isEqualTo(0x9000);
                lock.unlock(Disposition.LEAVE);
                exclusive.detach(Disposition.RESET);
            } catch (Exception | AssertionError e) {
                violations.add("final EXCLUSIVE attach + lock(ZERO) on " + reader.name() + " failed: " + stackOf(e));
            }
        }
        fixture.stop(last);
        awaitClean("after the final exclusive attachments");
        assertNoViolations();
    }

    /**
     * Every owner detach with RESET or UNPOWER that returned normally disconnected its session with that disposition
     * (an attachment revoked by its reader going away closes its session with LEAVE and owes the RESET to the reader).
     */
    private void checkDispositionsKept(java.time.Instant mark) throws InterruptedException {
        for (FakeReader reader : readers) {
            // Listener events arrive in order: once the last insertion is seen, every earlier event was too.
            events.await(e -> e.type() == org.cardmanage.api.CardEvent.Type.CARD_INSERTED
                    && e.readerName().equals(reader.name()) && !e.time().isBefore(mark));
        }
        java.util.Set<String> revoked = new java.util.HashSet<>();
        for (org.cardmanage.api.CardEvent event : events.events()) {
            if (event.type() == org.cardmanage.api.CardEvent.Type.ATTACHMENT_REVOKED
                    && event.reason().orElse("").startsWith("reader '")) {
                event.attachmentId().ifPresent(revoked::add);
            }
        }
        int checked = 0;
        for (Object[] record : detachedWith) {
            FakeSession session = (FakeSession) record[0];
            Disposition disposition = (Disposition) record[1];
            String id = (String) record[2];
            if (revoked.contains(id)) {
                continue;
            }
            checked++;
            if (!session.calls().contains("disconnect " + disposition)) {
                violations.add("detach " + id + " " + disposition + " returned normally, but its session's "
                        + "disconnect was not " + disposition + ": calls " + tail(session.calls()));
            }
        }
        System.out.println("stress dispositions checked: " + checked + " (" + revoked.size() + " revoked skipped)");
    }

    /** Fails with every kind of violation seen: how often, and its first example in full. */
    private void assertNoViolations() {
        Map<String, List<String>> kinds = new java.util.TreeMap<>();
        for (String violation : violations) {
            String firstLine = violation.lines().findFirst().orElse("");
            String kind = firstLine.replaceAll("a-[0-9]+", "a-N").replaceAll("#[0-9]+", "#N")
                    .replaceAll("\\(attachment now.*", "").replaceAll("calls \\[.*", "");
            kind = kind.length() > 160 ? kind.substring(0, 160) : kind;
            kinds.computeIfAbsent(kind, k -> new ArrayList<>()).add(violation);
        }
        StringBuilder report = new StringBuilder();
        kinds.forEach((kind, all) -> report.append("\n==== ").append(all.size()).append(" x ").append(kind)
                .append("\nfirst example:\n").append(all.get(0)).append('\n'));
        if (!violations.isEmpty()) {
            throw new AssertionError(violations.size() + " invariant violations of " + kinds.size() + " kinds ("
                    + operations.get() + " operations, " + cardExceptions.get() + " card exceptions):" + report);
        }
    }

    // ---- the two races the stress run finds, pinned down one step at a time ------------------------------------

    /** A card whose transmits stay in the driver, ignoring interrupts, until released. */
    private static final class StuckCard {
        final java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        final AtomicBoolean release = new AtomicBoolean();

        byte[] answer(byte[] command) {
            entered.countDown();
            while (!release.get()) {
                Thread.onSpinWait();
            }
            return new byte[] {(byte) 0x90, 0x00};
        }

        void awaitEntered() throws InterruptedException {
            assertThat(entered.await(5, TimeUnit.SECONDS)).as("a transmit reached the card").isTrue();
        }
    }

    /**
     * A reconnect waiting for the card while its attachment is detached: the owed disconnect is paid first, then the
     * reconnect enters the card and calls the driver's reconnect on the session just disconnected.
     */
    @Test
    void reconnectNeverUsesTheSessionItsDetachDisconnected() throws Exception {
        StuckCard card = new StuckCard();
        try (TestCore core = new TestCore(TestCore.settings().transmitWait(Duration.ofSeconds(2))
                .lockIdleTimeout(Duration.ofSeconds(60)).build())) {
            core.plug(new FakeReader("Repro").insert()).card(card::answer);
            BundleCardManager app = core.manager("repro");
            Attachment busy = app.attachByReader("Repro");
            Attachment victim = app.attachByReader("Repro");
            FakeSession session = (FakeSession) ((CoreAttachment) victim).session();
            org.cardmanage.core.internal.testsupport.BlockingCall<Object> transmit =
                    org.cardmanage.core.internal.testsupport.BlockingCall.start("repro-transmit",
                            () -> busy.transmit(Apdus.SELECT_MF));
            card.awaitEntered();
            org.cardmanage.core.internal.testsupport.BlockingCall<Object> reconnect =
                    org.cardmanage.core.internal.testsupport.BlockingCall.start("repro-reconnect", () -> {
                        victim.reconnect(ShareMode.SHARED, Disposition.LEAVE);
                        return null;
                    }).awaitBlocked();
            org.cardmanage.core.internal.testsupport.BlockingCall<Object> detach =
                    org.cardmanage.core.internal.testsupport.BlockingCall.start("repro-detach", () -> {
                        victim.detach(Disposition.RESET);
                        return null;
                    }).awaitBlocked();

            card.release.set(true);

            transmit.result();
            detach.result();
            Throwable failure = reconnect.failure();
            assertThat(session.calls()).as("calls on the detached attachment's session (reconnect failed with %s)",
                    failure).containsExactly("disconnect RESET");
        }
    }

    /**
     * A transmit in the driver when its reader goes away, then its owner detaches: the revoked attachment's session
     * is closed on the worker pool at once, while the transmit is still inside the driver on that session.
     */
    @Test
    void revokedSessionIsNotClosedUnderACallStillInTheDriver() throws Exception {
        StuckCard card = new StuckCard();
        try (TestCore core = new TestCore(TestCore.settings().transmitWait(Duration.ofSeconds(2))
                .lockIdleTimeout(Duration.ofSeconds(60)).build())) {
            FakeReader reader = core.plug(new FakeReader("Repro").insert()).card(card::answer);
            BundleCardManager app = core.manager("repro");
            Attachment attachment = app.attachByReader("Repro");
            FakeSession session = (FakeSession) ((CoreAttachment) attachment).session();
            org.cardmanage.core.internal.testsupport.BlockingCall<Object> transmit =
                    org.cardmanage.core.internal.testsupport.BlockingCall.start("repro-transmit",
                            () -> attachment.transmit(Apdus.SELECT_MF));
            card.awaitEntered();

            reader.unplug();
            attachment.detach(Disposition.RESET);

            // Give the worker pool up to a second to (wrongly) close the session under the running transmit.
            session.awaitDisconnected(Duration.ofSeconds(1));
            boolean closedUnderCall = session.isDisconnected() && !transmit.isDone();
            card.release.set(true);
            transmit.failure();
            assertThat(closedUnderCall).as("session disconnected while the transmit was still in the driver; calls %s",
                    session.calls()).isFalse();
        }
    }

    // ---- clients --------------------------------------------------------------------------------------------------

    private void clientLoop(int bundle, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Queue<CardLock> bundleLocks = locks.get(bundle);
        while (running.get() && hang == null) {
            BundleCardManager manager = managers.get(bundle);
            if (manager == null) {
                continue;
            }
            List<Attachment> mine = manager.attachments();
            Attachment some = mine.isEmpty() ? null : mine.get(random.nextInt(mine.size()));
            String reader = READERS[random.nextInt(READERS.length)];
            int dice = random.nextInt(100);
            if (some == null) {
                // Nothing to work on (reader away, card out): do not spin on failing attaches.
                java.util.concurrent.locks.LockSupport.parkNanos(100_000);
            }
            if (dice < 14 || some == null) {
                int mode = random.nextInt(10);
                AttachOptions options = mode < 7 ? AttachOptions.shared()
                        : mode < 9 ? AttachOptions.exclusive() : random.nextBoolean() ? AttachOptions.direct()
                        : AttachOptions.shared();
                call("attach " + reader + " " + options.shareMode(), () -> manager.attachByReader(reader, options));
            } else if (dice < 45) {
                target.set(some);
                call("transmit " + some.id(), () -> some.transmit(Apdus.SELECT_MF));
            } else if (dice < 58) {
                Duration timeout = Duration.ofMillis(random.nextInt(6));
                target.set(some);
                call("lock " + some.id() + " " + timeout.toMillis() + " ms", () -> bundleLocks.add(some.lock(timeout)));
            } else if (dice < 68) {
                CardLock lock = bundleLocks.poll();
                if (lock != null) {
                    int how = random.nextInt(3);
                    if (how == 0) {
                        call("lock close", lock::close);
                    } else {
                        Disposition disposition = how == 1 ? Disposition.RESET : Disposition.LEAVE;
                        call("unlock " + disposition, () -> lock.unlock(disposition));
                    }
                }
            } else if (dice < 78) {
                Disposition disposition = DISPOSITIONS[random.nextInt(DISPOSITIONS.length)];
                target.set(some);
                call("detach " + some.id() + " " + disposition, () -> {
                    some.detach(disposition);
                    if (disposition != Disposition.LEAVE && some instanceof CoreAttachment core
                            && core.session() instanceof FakeSession session) {
                        detachedWith.add(new Object[] {session, disposition, some.id()});
                    }
                });
            } else if (dice < 83) {
                target.set(some);
                call("close " + some.id(), some::close);
            } else if (dice < 93 && !Boolean.getBoolean("stress.noReconnect")) {
                Disposition initialization = random.nextBoolean() ? Disposition.LEAVE : Disposition.RESET;
                target.set(some);
                call("reconnect " + some.id() + " " + initialization,
                        () -> some.reconnect(ShareMode.SHARED, initialization));
            } else if (dice < 97) {
                target.set(some);
                call("status " + some.id(), some::status);
            } else {
                call("readers", manager::readers);
            }
        }
    }

    // ---- chaos ----------------------------------------------------------------------------------------------------

    private void chaosLoop(long seed) throws InterruptedException {
        SplittableRandom random = new SplittableRandom(seed);
        while (running.get() && hang == null) {
            int dice = random.nextInt(100);
            int r = random.nextInt(READERS.length);
            FakeReader reader = readers[r];
            int unplugged = -1;
            for (int i = 0; i < READERS.length; i++) {
                if (!plugged[i]) {
                    unplugged = i;
                }
            }
            if (unplugged >= 0 && random.nextInt(3) > 0) {
                // An unplugged reader comes back soon: most of the time both readers are there.
                FakeReader back = readers[unplugged];
                call("replug " + back.name(), () -> fixture.plug(back));
                plugged[unplugged] = true;
            } else if (dice < 25) {
                int b = random.nextInt(BUNDLES);
                call("restart bundle " + bundleName(b), () -> {
                    BundleCardManager old = managers.get(b);
                    fixture.stop(old);
                    managers.set(b, fixture.manager(bundleName(b)));
                });
            } else if (dice < 45) {
                call("remove card " + reader.name(), reader::remove);
            } else if (dice < 75) {
                call("insert card " + reader.name(), reader::insert);
            } else if (dice < 85) {
                if (plugged[r]) {
                    call("unplug " + reader.name(), reader::unplug);
                    plugged[r] = false;
                }
            } else {
                Disposition abandon = DISPOSITIONS[random.nextInt(DISPOSITIONS.length)];
                long wait = 1 + random.nextInt(6);
                long idle = 10 + random.nextInt(40);
                call("configure " + abandon + " wait " + wait + " idle " + idle,
                        () -> fixture.core().modified(configuration(abandon, wait, idle)));
            }
            finished.await(random.nextInt(1, 8), TimeUnit.MILLISECONDS);
        }
    }

    // ---- invariants -----------------------------------------------------------------------------------------------

    private Thread worker(String name, Op body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                violations.add(Thread.currentThread().getName() + " died: " + stackOf(e));
            }
        }, name);
        thread.setDaemon(true);
        probes.add(new Probe(thread));
        return thread;
    }

    private Probe probe() {
        Thread current = Thread.currentThread();
        for (Probe probe : probes) {
            if (probe.thread == current) {
                return probe;
            }
        }
        throw new IllegalStateException("no probe for " + current);
    }

    /** Runs one API call, timed by the hang detector; checks what it throws and that no interrupt leaked. */
    private void call(String what, Op op) {
        Probe probe = probe();
        Attachment on = target.get();
        target.remove();
        inFlight.set(on);
        probe.what = what;
        probe.since = System.nanoTime();
        try {
            op.run();
            count(what, "ok");
        } catch (CardException e) {
            cardExceptions.incrementAndGet();
            count(what, e.getClass().getSimpleName());
            if (String.valueOf(e.getMessage()).contains("used after disconnect") || suppressedUsedAfter(e)) {
                violations.add(what + ": the core called a disconnected session " + sessionOf(on) + ": "
                        + stackOf(e));
            }
        } catch (Throwable e) {
            violations.add(what + " threw " + stackOf(e));
        } finally {
            inFlight.remove();
            probe.since = 0;
            operations.incrementAndGet();
        }
        if (Thread.interrupted()) {
            violations.add(what + " returned with the calling thread interrupted (the core's interrupt leaked)");
        }
    }

    private void count(String what, String outcome) {
        String op = what.split(" ")[0];
        outcomes.computeIfAbsent(op + " -> " + outcome, k -> new java.util.concurrent.atomic.LongAdder()).increment();
    }

    private static String sessionOf(Attachment attachment) {
        if (attachment instanceof CoreAttachment core && core.session() instanceof FakeSession session) {
            return "(attachment now " + core.state() + ", its session's calls " + tail(session.calls()) + ")";
        }
        return "";
    }

    /**
     * The card: answers 9000, and one transmit in four takes about 0.3 ms (ignoring interrupts, as many drivers do),
     * so that detaches, revocations and payments meet calls in flight. Records a violation if the session the call
     * runs on was disconnected while the call was still inside the driver.
     */
    private byte[] slowCard(byte[] command) {
        Attachment on = inFlight.get();
        FakeSession session = on instanceof CoreAttachment core && core.session() instanceof FakeSession fake ? fake
                : null;
        boolean openBefore = session != null && !session.isDisconnected();
        if (cardRandom.get().nextInt(4) == 0) {
            long until = System.nanoTime() + 300_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }
        if (openBefore && session.isDisconnected()) {
            violations.add("transmit " + on.id() + ": its session was disconnected while the transmit was still in "
                    + "the driver " + sessionOf(on) + "\n" + stackOf(new Throwable("transmit in flight")));
        }
        return new byte[] {(byte) 0x90, 0x00};
    }

    private static boolean suppressedUsedAfter(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            for (Throwable suppressed : cause.getSuppressed()) {
                if (String.valueOf(suppressed.getMessage()).contains("used after disconnect")) {
                    return true;
                }
            }
            if (cause.getCause() != null
                    && String.valueOf(cause.getCause().getMessage()).contains("used after disconnect")) {
                return true;
            }
        }
        return false;
    }

    private void detectHangs() {
        while (hang == null) {
            long now = System.nanoTime();
            for (Probe probe : probes) {
                long since = probe.since;
                if (since != 0 && now - since > HANG_NANOS) {
                    hang = "thread " + probe.thread.getName() + " stuck for "
                            + TimeUnit.NANOSECONDS.toMillis(now - since) + " ms in '" + probe.what + "'\n" + dumpAll();
                    finished.countDown();
                    return;
                }
            }
            try {
                if (finished.await(100, TimeUnit.MILLISECONDS) && probes.stream().allMatch(p -> p.since == 0)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Waits (5 s in all) until every session of every reader is disconnected (the core pays owed disconnects on its
     * worker pool), then checks once that nothing is left.
     */
    private boolean awaitClean(String when) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (FakeReader reader : readers) {
            for (FakeSession session : reader.sessions()) {
                session.awaitDisconnected(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
        }
        List<String> problems = problems();
        if (problems.isEmpty()) {
            return true;
        }
        for (String problem : problems) {
            violations.add("not clean " + when + " within 5 s: " + problem);
        }
        violations.add("not clean " + when + ": threads\n" + dumpAll());
        return false;
    }

    private List<String> problems() {
        List<String> problems = new ArrayList<>();
        List<CoreAttachment> left = fixture.core().allAttachments();
        if (!left.isEmpty()) {
            problems.add("attachments left: " + left);
        }
        for (FakeReader reader : readers) {
            List<FakeSession> sessions = reader.sessions();
            for (int i = 0; i < sessions.size(); i++) {
                FakeSession session = sessions.get(i);
                long disconnects = session.calls().stream().filter(c -> c.startsWith("disconnect")).count();
                if (!session.isDisconnected()) {
                    problems.add(reader.name() + " session #" + i + " (" + session.mode() + ") never disconnected; "
                            + "calls " + tail(session.calls()));
                } else if (disconnects > 1) {
                    problems.add(reader.name() + " session #" + i + " disconnected " + disconnects + " times; calls "
                            + tail(session.calls()));
                }
            }
        }
        return problems;
    }

    private static List<String> tail(List<String> calls) {
        return calls.size() <= 12 ? calls : calls.subList(calls.size() - 12, calls.size());
    }

    private static String bundleName(int b) {
        return "stress.bundle" + b;
    }

    private static String stackOf(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    private static String dumpAll() {
        StringBuilder dump = new StringBuilder("---- all threads ----\n");
        for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
            Thread thread = entry.getKey();
            dump.append('"').append(thread.getName()).append("\" ").append(thread.getState()).append('\n');
            for (StackTraceElement frame : entry.getValue()) {
                dump.append("    at ").append(frame).append('\n');
            }
        }
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] deadlocked = mx.findDeadlockedThreads();
        if (deadlocked != null) {
            dump.append("---- deadlocked ----\n");
            for (java.lang.management.ThreadInfo info : mx.getThreadInfo(deadlocked, true, true)) {
                dump.append(info);
            }
        }
        return dump.toString();
    }
}
